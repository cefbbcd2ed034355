// The bien form as a browser sends it: every visit row is posted, filled in or not.
import { parseWithZod } from "@conform-to/zod";
import { premisesFormSchema } from "~/forms/premises";

function formData(visits: string[]): FormData {
  const data = new FormData();
  const fields: Record<string, string> = {
    title: "Ancienne imprimerie",
    description: "",
    kind: "ACTIVITY_PREMISES",
    domain: "PRIVATE",
    surfaceM2: "180",
    levels: "1",
    condition: "TO_REFRESH",
    accessibility: "ACCESSIBLE",
    "address.line": "8 rue des Tanneurs",
    "address.postalCode": "44400",
    "address.commune": "Bellerive-sur-Loire",
    availableFrom: "2027-01-10",
    availableUntil: "",
    occupationType: "TEMPORARY_OCCUPATION",
    rentEuros: "300",
    chargesEuros: "60",
    socialUtilityReductionPercent: "50",
    insuranceRequired: "on",
    worksAllowed: "LIGHT",
    otherConditions: "",
  };
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  visits.forEach((visit, index) => data.append(`visits[${index}]`, visit));
  return data;
}

describe("premisesFormSchema", () => {
  it("saves a bien whose visit rows are all left blank, with no visit", () => {
    const submission = parseWithZod(formData(["", "", ""]), { schema: premisesFormSchema });
    expect(submission.status).toBe("success");
    expect(submission.status === "success" && submission.value.visits).toEqual([]);
  });

  it("keeps the visits filled in and drops the blank rows", () => {
    const submission = parseWithZod(formData(["2026-12-01T10:00", "", "2026-12-03T14:30"]), { schema: premisesFormSchema });
    expect(submission.status).toBe("success");
    expect(submission.status === "success" && submission.value.visits).toEqual(["2026-12-01T10:00", "2026-12-03T14:30"]);
    expect(submission.status === "success" && submission.value.rentCents).toBe(30_000);
  });

  it("numbers the visits filled in, skipping blank rows, and keeps the rows as typed for the form", () => {
    const data = formData(["", "2027-08-01T10:00", ""]);
    data.set("availableUntil", "2027-06-30");
    const reply = parseWithZod(data, { schema: premisesFormSchema }).reply();
    expect(reply.error).toEqual({
      "visits[0]": ["La visite du dimanche 1er août 2027 à 10:00 a lieu après la fin de disponibilité (30 juin 2027)."],
    });
    // The form maps visits[0] back to the second row from the values it sent.
    expect(reply.initialValue?.visits).toEqual([undefined, "2027-08-01T10:00", undefined]);
  });

  it("still refuses a visit that is not a date and time, in French", () => {
    const submission = parseWithZod(formData(["le 3 décembre", "", ""]), { schema: premisesFormSchema });
    expect(submission.status).toBe("error");
    expect(submission.reply().error?.["visits[0]"]).toEqual(["Date de visite invalide (AAAA-MM-JJTHH:mm)."]);
  });
});
