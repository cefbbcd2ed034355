// Data a booking test needs, on any provider: the demo territory plus a 6-seat desk pool
// and an always-open room without buffer or notice, so tests control every rule.
import type { Db } from "~/db.server";
import { DEMO_USERS, seedDemoData } from "../../prisma/seed";

const EVERY_DAY_8_TO_20 = JSON.stringify(Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ open: "08:00", close: "20:00" }]])));

export type BookingFixtures = {
  scicId: string;
  structureId: string;
  otherStructureId: string;
  memberUserId: string;
  roomId: string;
  bufferedRoomId: string;
  poolId: string;
  approvalRoomId: string;
};

export async function bookingFixtures(db: Db): Promise<BookingFixtures> {
  await seedDemoData(db);
  const scic = await db.organization.findUniqueOrThrow({ where: { slug: "fabrique-commune" }, include: { sites: true } });
  const structure = await db.organization.findUniqueOrThrow({ where: { slug: "savoirs-partages" } });
  const other = await db.organization.findUniqueOrThrow({ where: { slug: "velo-solidaire" } });
  const member = await db.user.findUniqueOrThrow({ where: { email: DEMO_USERS.structureMember.email } });
  const base = {
    siteId: scic.sites[0].id,
    organizationId: scic.id,
    openingHours: EVERY_DAY_8_TO_20,
    minNoticeMinutes: 0,
    horizonDays: 730,
    minDurationMinutes: 30,
    maxDurationMinutes: 600,
    slotMinutes: 30,
  };
  const room = await db.space.create({ data: { ...base, name: "Salle test", kind: "ROOM", capacity: 10 } });
  const buffered = await db.space.create({ data: { ...base, name: "Salle à marge", kind: "ROOM", capacity: 10, bufferMinutes: 30 } });
  const pool = await db.space.create({ data: { ...base, name: "Open space 6 postes", kind: "DESK_POOL", capacity: 6, seats: 6 } });
  const approval = await db.space.create({ data: { ...base, name: "Salle sur validation", kind: "ROOM", capacity: 30, requiresApproval: true, cancellationDeadlineHours: 48 } });
  return {
    scicId: scic.id,
    structureId: structure.id,
    otherStructureId: other.id,
    memberUserId: member.id,
    roomId: room.id,
    bufferedRoomId: buffered.id,
    poolId: pool.id,
    approvalRoomId: approval.id,
  };
}
