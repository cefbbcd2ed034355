// Saving a SCIC's collèges on both databases: renaming, swapping two names (the unique
// (scicId, name) must not trip in between) and removing one, in one transaction.
import { listColleges, saveColleges } from "~/models/cooperative.server";
import { billingFixtures } from "../helpers/billing-fixtures";
import { openTestDatabase, providers, type TestDatabase } from "../helpers/databases";

describe.each(providers)("collèges on %s", (provider) => {
  let database: TestDatabase;
  let scicId: string;

  beforeEach(async () => {
    database = await openTestDatabase(provider);
    ({ scicId } = await billingFixtures(database.db));
  });

  afterEach(async () => {
    await database.dispose();
  });

  it("swaps two collèges' names, renames and reweights the others, and keeps their ids", async () => {
    const before = await listColleges(database.db, { scicId });
    expect(before.length).toBeGreaterThanOrEqual(3);
    const [first, second, ...others] = before;
    const wanted = [
      { id: first.id, name: second.name, weightBasisPoints: first.weightBasisPoints },
      { id: second.id, name: first.name, weightBasisPoints: second.weightBasisPoints },
      ...others.map((college, index) => ({ id: college.id, name: `${college.name} (renommé ${index})`, weightBasisPoints: college.weightBasisPoints })),
    ];
    expect(await saveColleges(database.db, { scicId, colleges: wanted })).toEqual({ ok: true });
    expect(await listColleges(database.db, { scicId })).toEqual(wanted);
  });
});
