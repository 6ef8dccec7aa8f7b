/** A finding: something the server under attack did wrong. The campaign adds where it was found and the inputs that led to it. */
export class Finding extends Error {
  constructor(summary, detail = "") {
    super(detail ? `${summary}\n${detail}` : summary)
    this.name = "Finding"
    this.summary = summary
  }
}

/** Rejects with a finding naming `what` if `promise` has not settled within `ms`. */
export function withDeadline(promise, ms, what) {
  let timer
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Finding(`${what} did not complete within ${ms / 1000} s`)), ms)
  })
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer))
}
