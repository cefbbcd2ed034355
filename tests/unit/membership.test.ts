import { describe, expect, it } from "vitest";
import { membershipChangeProblem, type MembershipChange } from "~/domain/membership";

describe("membershipChangeProblem", () => {
  it.each<[string, MembershipChange, number, "LAST_ADMIN" | null]>([
    ["demoting the only admin", { kind: "CHANGE_ROLE", from: "ADMIN", to: "MANAGER" }, 1, "LAST_ADMIN"],
    ["demoting the only admin to member", { kind: "CHANGE_ROLE", from: "ADMIN", to: "MEMBER" }, 1, "LAST_ADMIN"],
    ["demoting one of two admins", { kind: "CHANGE_ROLE", from: "ADMIN", to: "MEMBER" }, 2, null],
    ["keeping the only admin an admin", { kind: "CHANGE_ROLE", from: "ADMIN", to: "ADMIN" }, 1, null],
    ["promoting a member when there is one admin", { kind: "CHANGE_ROLE", from: "MEMBER", to: "ADMIN" }, 1, null],
    ["changing a manager when there is one admin", { kind: "CHANGE_ROLE", from: "MANAGER", to: "MEMBER" }, 1, null],
    ["removing the only admin", { kind: "REMOVE", role: "ADMIN" }, 1, "LAST_ADMIN"],
    ["removing one of three admins", { kind: "REMOVE", role: "ADMIN" }, 3, null],
    ["removing a member when there is one admin", { kind: "REMOVE", role: "MEMBER" }, 1, null],
    // Data that should not exist (no admin at all): nothing may make it worse.
    ["demoting an admin counted as zero", { kind: "CHANGE_ROLE", from: "ADMIN", to: "MEMBER" }, 0, "LAST_ADMIN"],
  ])("%s", (_name, change, admins, expected) => {
    expect(membershipChangeProblem(change, admins)).toBe(expected);
  });
});
