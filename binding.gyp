# node-gyp build of the zmq_napi addon -> build/Release/zmq_napi.node
#
# Sources, defines and flags come from src-native/sources.json (shared with CMakeLists.txt).
# By default the addon links the pinned static libzmq + libsodium that
# `node deps/build.js --print-prefix` builds on first use (cached in deps/build/prefix).
# With npm_config_zmq_shared=true (`npm install --zmq_shared=true`) or ZMQ_NAPI_SHARED=1 it links
# the system libzmq through pkg-config instead, without draft APIs.
#
# Node headers: node-gyp uses npm's `nodedir` (here /usr -> /usr/include/node, which has uv.h),
# otherwise its usual header download/cache.
{
  "variables": {
    "zmq_shared%": "<!(node -p \"/^(1|true|yes|on)$/i.test(process.env.npm_config_zmq_shared || process.env.ZMQ_NAPI_SHARED || '')\")",
  },
  "targets": [
    {
      "target_name": "<!(node -p \"require('./src-native/sources.json').target\")",
      "sources": ["<!@(node -p \"require('./src-native/sources.json').sources.join(' ')\")"],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!@(node -p \"require('./src-native/sources.json').include_dirs.join(' ')\")",
      ],
      "defines": ["<!@(node -p \"require('./src-native/sources.json').defines.join(' ')\")"],
      # C++ exceptions and RTTI on (node's common.gypi turns both off).
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17"],
      "cflags_cc": ["<!@(node -p \"require('./src-native/sources.json').cflags_cc.join(' ')\")"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "GCC_ENABLE_CPP_RTTI": "YES",
        "GCC_SYMBOLS_PRIVATE_EXTERN": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
      },
      "msvs_settings": {
        "VCCLCompilerTool": { "ExceptionHandling": 1, "RuntimeTypeInfo": "true" },
      },
      "conditions": [
        ["OS=='linux'", {
          "ldflags": [
            "<!@(node -p \"require('./src-native/sources.json').ldflags.join(' ')\")",
            "-Wl,--version-script=<(module_root_dir)/<!(node -p \"require('./src-native/sources.json').version_script\")",
          ],
        }],
        ["zmq_shared=='true'", {
          "defines": ["<!@(node -p \"require('./src-native/sources.json').defines_shared.join(' ')\")"],
          "cflags_cc": ["<!@(pkg-config --cflags libzmq)"],
          "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["<!@(pkg-config --cflags libzmq)"] },
          "libraries": ["<!@(pkg-config --libs libzmq)"],
        }, {
          # Static: builds deps on first use (several minutes), then a no-op.
          "variables": {
            "zmq_prefix": "<!(node deps/build.js --print-prefix)",
          },
          "defines": ["<!@(node -p \"require('./src-native/sources.json').defines_static.join(' ')\")"],
          "include_dirs": ["<(zmq_prefix)/include"],
          "libraries": [
            "<!@(node -p \"require('./src-native/sources.json').libs_static.map(l => process.argv[1] + '/' + l).join(' ')\" \"<(zmq_prefix)\")",
            "<!@(node -p \"require('./src-native/sources.json').libs_system.join(' ')\")",
          ],
        }],
      ],
    },
  ],
}
