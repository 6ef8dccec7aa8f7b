/** A round's inputs as text for a finding's report: per socket and connection, its label and the octets written, in hex. */
const SHOWN_OCTETS = 4096

export function inputsText(inputs, {only} = {}) {
  const lines = []
  for (const {target, connections} of inputs) {
    if (only && !only.includes(target.name)) continue
    for (const {label, script} of connections) {
      const written = Buffer.concat(script.flatMap(step => step.write ? [step.write] : []))
      const shown = written.subarray(0, SHOWN_OCTETS).toString("hex")
      const more = written.length > SHOWN_OCTETS ? ` ... (${written.length} octets)` : ""
      lines.push(`${target.name} | ${label} | ${shown}${more}`)
    }
  }
  return lines.join("\n")
}
