/*
 * A Node-API module for the sanitize run only (scripts/sanitize.mjs builds it into .sanitize/ and names it in ZMQ_NAPI_LEAK_CHECK):
 * check() runs LeakSanitizer's check now, in this process, and returns whether it found leaks
 * (they go to the report file like any other). Vitest kills its test workers 500 ms after
 * asking them to exit, too soon for the check LeakSanitizer makes at exit, so each worker runs
 * it here, after a file's tests (test/sanitizers/leak-check-after-tests.ts).
 */
#include <node_api.h>
#include <sanitizer/lsan_interface.h>

static napi_value Check(napi_env env, napi_callback_info info) {
  napi_value found;
  napi_get_boolean(env, __lsan_do_recoverable_leak_check() != 0, &found);
  return found;
}

NAPI_MODULE_INIT() {
  napi_value check;
  if (napi_create_function(env, "check", NAPI_AUTO_LENGTH, Check, NULL, &check) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "check", check) != napi_ok) return NULL;
  return exports;
}
