/**
 * One batch of calls in the current thread (a child process's main thread,
 * or a worker inside it). Each call is drawn from (seed, index) alone: a
 * member, a state, arguments with at least one hostile value. It reports, as
 * one JSON object per line through `report`:
 *   {t: "begin", i, call}      before the call (the last one names a crash)
 *   {t: "pending", i} / {t: "settled", i}   a returned promise, and when it settled
 *   {t: "finding", i, call, problem}
 *   {t: "done", calls, members, resources}  all calls made and every promise settled
 * The batch ends by itself: each call's scope closes what it made, which
 * settles what the call left pending; nothing here forces an exit.
 */
import {publicNames} from "./declarations.mjs"
import {hostileValues} from "./hostile.mjs"
import {judge} from "./oracle.mjs"
import {randomFor} from "./random.mjs"
import {Scope, recipesFor} from "./states.mjs"
import {loadApis, memberLabel, surfaceOf} from "./surface.mjs"

const noop = () => {}

/** Harmless arguments for the positions that are not hostile, so that later checks are reached too. */
const BENIGN = [
  ["an inproc address", () => "inproc://fuzz-benign"],
  ["a tcp address", () => "tcp://127.0.0.1:*"],
  ["0", () => 0],
  ["1000", () => 1000],
  ['"readable"', () => "readable"],
  ["a Buffer", () => Buffer.from("fuzz")],
  ["{}", () => ({})],
  ["a function", () => noop],
]

/** The hostile value used by the `index`th call: coverage runs walk the list, random runs draw. */
function drawArguments(member, random, values, benign, index, cover) {
  if (member.kind === "get") return []
  const count = member.kind === "set" ? 1 : Math.max(member.params.length, 1) + (random.chance(0.2) ? 1 : 0)
  const hostileAt = member.kind === "set" ? 0 : random.below(count)
  const args = []
  for (let position = 0; position < count; position++) {
    if (position === hostileAt || random.chance(0.3)) {
      const value = cover && position === hostileAt ? values[index % values.length] : random.pick(values)
      args.push({name: value[0], make: value[1]})
    } else {
      const value = random.chance(0.25) ? ["a socket of this API", benign] : random.pick(BENIGN)
      args.push({name: value[0], make: value[1]})
    }
  }
  return args
}

function invoke(member, target, args) {
  switch (member.kind) {
    case "call": return member.fn(...args)
    case "construct": return new member.cls(...args)
    case "static": return member.cls[member.key](...args)
    case "get": return target[member.key]
    case "set": target[member.key] = args[0]; return undefined
    default: return target[member.key](...args)
  }
}

/** The states a member can be called in: none for functions and constructors, the class's recipe otherwise. */
function statesOf(member, recipes) {
  if (member.kind === "call" || member.kind === "construct" || member.kind === "static") return [["", undefined]]
  const recipe = recipes[member.api].recipe(member.cls)
  if (recipe === undefined) throw new Error(`No recipe for class ${member.owner} of the ${member.api} API (fuzz/api/states.mjs)`)
  return Object.entries(recipe)
}

/**
 * Runs `calls` calls from `seed`. With `cover`, call i fuzzes member i mod the
 * surface size (so a run as long as the surface touches every member) and
 * walks the hostile values in order.
 */
export async function runBatch({seed, calls, cover, apiNames}, report) {
  const apis = await loadApis()
  const recipes = recipesFor(apis)
  const members = Object.keys(apis).filter((api) => apiNames.includes(api))
    .flatMap((api) => surfaceOf(api, apis[api]))
  const declared = publicNames()
  const values = hostileValues([...new Set(members.map((member) => member.name))])
  const baseline = process.getActiveResourcesInfo()
  let pending = 0
  let finishing = false
  const finish = () => {
    if (!finishing || pending > 0) return
    report({t: "done", calls, members: members.length, resources: difference(process.getActiveResourcesInfo(), baseline)})
  }

  let current = {i: -1, call: ""}
  const finding = (i, call, problem) => report({t: "finding", i, call, problem})
  process.on("unhandledRejection", (reason) => finding(current.i, current.call, `unhandled rejection: ${reason}`))
  process.on("uncaughtException", (error) => finding(current.i, current.call, `uncaught exception: ${error?.stack ?? error}`))

  for (let i = 0; i < calls; i++) {
    const random = randomFor(seed, i)
    const member = cover ? members[i % members.length] : random.pick(members)
    const [stateName, makeTarget] = random.pick(statesOf(member, recipes))
    const recipe = recipes[member.api]
    const isPublic = member.kind === "call" || member.kind === "construct" || declared.has(member.name)
    const names = member.kind === "construct" ? [...member.params, member.owner] : [...member.params, member.name]

    const scope = new Scope((promise, what) => follow(i, `${what} (state of ${memberLabel(member)})`, promise, names, true))
    const args = drawArguments(member, random, values, () => recipe.benign(scope), i, cover)
    const shown = member.kind === "get" ? "" : `(${args.map((arg) => arg.name).join(", ")})`
    const call = `${memberLabel(member)}${shown}${stateName ? ` [${stateName}]` : ""}`
    current = {i, call}
    report({t: "begin", i, call})

    try {
      // A state that can only be reached through a promise (a received batch) is awaited.
      let target = makeTarget?.(scope)
      if (target instanceof Promise) target = await target
      if (target && typeof target.on === "function" && member.api === "compat") {
        target.on("error", (error) => { const problem = judge(error, names, isPublic); if (problem) finding(i, call, `'error' event: ${problem}`) })
      }
      const result = invoke(member, target, args.map((arg) => arg.make()))
      recipe.adopt(scope, result)
      if (typeof result?.then === "function" && member.kind !== "get") follow(i, call, result, names, isPublic)
    } catch (error) {
      const problem = judge(error, names, isPublic)
      if (problem) finding(i, call, problem)
    }
    scope.close()
    // Let the loop run between calls: close's consequences, timers, readiness.
    await new Promise((resolve) => setImmediate(resolve))
  }
  finishing = true
  finish()

  function follow(i, call, promise, names, isPublic) {
    pending++
    report({t: "pending", i})
    Promise.resolve(promise).then(noop, (error) => {
      const problem = judge(error, names, isPublic)
      if (problem) finding(i, call, `rejected: ${problem}`)
    }).finally(() => {
      pending--
      report({t: "settled", i})
      finish()
    })
  }
}

/** What `after` has beyond `before` (both lists of resource names, with repeats). */
function difference(after, before) {
  const left = [...before]
  return after.filter((name) => {
    const at = left.indexOf(name)
    if (at === -1) return true
    left.splice(at, 1)
    return false
  })
}
