// The current instant, for routes that pass `now` to the booking model. One function so tests
// can move time with `vi.useFakeTimers({ toFake: ["Date"] })` + `vi.setSystemTime(...)` while the
// routes keep reading the real clock in production.
export function now(): Date {
  return new Date();
}
