import {
  CSV_MEDIA_TYPE,
  csvField,
  deadlineToIso,
  GEOJSON_MEDIA_TYPE,
  OPEN_DATA_COLUMNS,
  premisesToCsv,
  premisesToGeoJson,
  type OpenDataPremises,
} from "~/domain/open-data";
import { premisesSchema, type PremisesInput } from "~/domain/premises";

const HEADER =
  "identifiant,intitule,type_code,type,statut_code,statut,domaine,proprietaire,adresse,code_postal,commune,code_insee," +
  "latitude,longitude,surface_m2,niveaux,etat,accessibilite,equipements,disponible_du,disponible_au,type_occupation," +
  "redevance_mensuelle_eur,reduction_utilite_sociale_pct,redevance_reduite_mensuelle_eur,charges_mensuelles_eur," +
  "date_limite_candidature,url";

const lilasInput: PremisesInput = {
  title: 'Local "Le Relais", rue des Lilas; RDC',
  description: "Contact : Claire Martin, 06 12 34 56 78",
  kind: "GROUND_FLOOR_SHOP",
  domain: "PUBLIC",
  address: {
    line: "12 rue des Lilas",
    postalCode: "93100",
    commune: "Montreuil",
    inseeCode: "93048",
    latitude: 48.858912345,
    longitude: 2.4417,
  },
  surfaceM2: 120,
  levels: 1,
  condition: "TO_REFRESH",
  accessibility: "ACCESSIBLE",
  utilities: ["ELECTRICITY", "WATER"],
  photos: [{ url: "https://images.example.org/lilas.jpg", alt: "Façade" }],
  availableFrom: "2027-05-01",
  availableUntil: "2029-12-31",
  occupationType: "TEMPORARY_OCCUPATION",
  rentCents: 30000,
  chargesCents: 5000,
  socialUtilityReductionPercent: 50,
  insuranceRequired: true,
  worksAllowed: "LIGHT",
  otherConditions: "Appeler M. Dupont avant toute visite.",
  visits: ["2027-04-06T10:00"],
};

const ourcqInput: PremisesInput = {
  title: "Entrepôt\nquai de l'Ourcq",
  kind: "WAREHOUSE",
  domain: "PRIVATE",
  address: { line: "3 quai de l'Ourcq", postalCode: "75019", commune: "Paris", inseeCode: "75119" },
  surfaceM2: 850.5,
  levels: 2,
  condition: "SHELL",
  accessibility: "PARTIAL",
  availableFrom: "2027-03-01",
  occupationType: "PRECARIOUS_OCCUPATION",
  rentCents: 0,
  chargesCents: 12345,
  worksAllowed: "WITH_APPROVAL",
};

const lilas: OpenDataPremises & { contactEmail: string } = {
  ...premisesSchema.parse(lilasInput),
  id: "bien-1",
  state: "PUBLISHED",
  callDeadline: "2027-05-31T12:00",
  ownerName: "Ville de Montreuil",
  pageUrl: "https://tiers-lieux.example.org/biens/bien-1",
  // Extra data a caller might pass along: must never be exported.
  contactEmail: "claire.martin@montreuil.example",
};
const ourcq: OpenDataPremises = {
  ...premisesSchema.parse(ourcqInput),
  id: "bien-2",
  state: "UNDER_REVIEW",
  callDeadline: "2027-02-15T17:30",
  ownerName: "Ville de Paris",
  pageUrl: "https://tiers-lieux.example.org/biens/bien-2",
};
const draft: OpenDataPremises = { ...lilas, id: "bien-3", state: "DRAFT" };
const withdrawn: OpenDataPremises = { ...lilas, id: "bien-4", state: "WITHDRAWN" };
const ended: OpenDataPremises = { ...lilas, id: "bien-5", state: "ENDED" };
const occupied: OpenDataPremises = {
  ...lilas,
  id: "bien-6",
  state: "OCCUPIED",
  callDeadline: null,
  pageUrl: "https://tiers-lieux.example.org/biens/bien-6",
};

describe("csvField", () => {
  it.each([
    ["simple", "simple"],
    ["quai de l'Ourcq", "quai de l'Ourcq"],
    ["", ""],
    ["a,b", '"a,b"'],
    ["a;b", '"a;b"'],
    ['dit "oui"', '"dit ""oui"""'],
    ['"', '""""'],
    ["ligne 1\nligne 2", '"ligne 1\nligne 2"'],
    ["ligne 1\r\nligne 2", '"ligne 1\r\nligne 2"'],
    ["retour\r", '"retour\r"'],
    [" devant", '" devant"'],
    ["derrière ", '"derrière "'],
  ])("csvField(%j) = %j", (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe("deadlineToIso", () => {
  it.each([
    ["2027-05-31T12:00", "2027-05-31T12:00:00+02:00"],
    ["2027-02-15T17:30", "2027-02-15T17:30:00+01:00"],
    ["2027-03-28T01:59", "2027-03-28T01:59:00+01:00"],
    ["2027-03-28T03:00", "2027-03-28T03:00:00+02:00"],
    // 02:30 happens twice on 31 October 2027: the first one, still summer time.
    ["2027-10-31T02:30", "2027-10-31T02:30:00+02:00"],
    ["2027-10-31T03:00", "2027-10-31T03:00:00+01:00"],
  ])("%s → %s", (deadline, expected) => {
    expect(deadlineToIso(deadline)).toBe(expected);
  });
});

describe("premisesToCsv", () => {
  it("documents one column per exported value", () => {
    expect(OPEN_DATA_COLUMNS.map((column) => column.name).join(",")).toBe(HEADER);
    expect(OPEN_DATA_COLUMNS.every((column) => column.description.length > 0)).toBe(true);
  });

  it("exports the public biens, quoting what needs it, with CRLF line ends", () => {
    const csv = premisesToCsv([lilas, draft, ourcq, withdrawn, ended]);
    expect(csv).toBe(
      [
        HEADER,
        'bien-1,"Local ""Le Relais"", rue des Lilas; RDC",GROUND_FLOOR_SHOP,commerce en rez-de-chaussée,PUBLISHED,' +
          '"Publié, appel à candidatures ouvert",domaine public,Ville de Montreuil,12 rue des Lilas,93100,Montreuil,93048,' +
          '48.858912,2.4417,120,1,à rafraîchir,accessible aux personnes à mobilité réduite,"électricité, eau",2027-05-01,2029-12-31,' +
          "convention d'occupation temporaire,300.00,50,150.00,50.00,2027-05-31T12:00:00+02:00,https://tiers-lieux.example.org/biens/bien-1",
        "bien-2,\"Entrepôt\nquai de l'Ourcq\",WAREHOUSE,entrepôt,UNDER_REVIEW,Candidatures en cours d'examen,domaine privé,Ville de Paris," +
          "3 quai de l'Ourcq,75019,Paris,75119,,,850.5,2,\"brut, à aménager\",partiellement accessible,,2027-03-01,," +
          "convention d'occupation précaire,0.00,0,0.00,123.45,2027-02-15T17:30:00+01:00,https://tiers-lieux.example.org/biens/bien-2",
        "",
      ].join("\r\n"),
    );
  });

  it("leaves the deadline empty when there is none", () => {
    const row = premisesToCsv([occupied]).split("\r\n")[1];
    // The last fields have no comma: charges, deadline, url.
    expect(row.split(",").slice(-3)).toEqual(["50.00", "", "https://tiers-lieux.example.org/biens/bien-6"]);
    expect(row.split(",")[0]).toBe("bien-6");
  });

  it("exports no personal data nor free text", () => {
    const csv = premisesToCsv([lilas]);
    for (const secret of ["claire", "Claire", "06 12", "Dupont", "images.example.org", "2027-04-06"]) {
      expect(csv.includes(secret)).toBe(false);
    }
  });

  it("writes only the header for an empty list", () => {
    expect(premisesToCsv([])).toBe(`${HEADER}\r\n`);
    expect(premisesToCsv([draft, withdrawn])).toBe(`${HEADER}\r\n`);
  });

  it("starts with a byte order mark only when asked", () => {
    expect(premisesToCsv([], { bom: true })).toBe(`\ufeff${HEADER}\r\n`);
    expect(premisesToCsv([]).charCodeAt(0)).toBe("i".charCodeAt(0));
  });

  it("names its media types", () => {
    expect(CSV_MEDIA_TYPE).toBe("text/csv; charset=utf-8; header=present");
    expect(GEOJSON_MEDIA_TYPE).toBe("application/geo+json");
  });
});

describe("premisesToGeoJson", () => {
  it("exports the public, geocoded biens as [longitude, latitude] points", () => {
    expect(premisesToGeoJson([lilas, ourcq, draft, withdrawn, ended])).toEqual({
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          id: "bien-1",
          geometry: { type: "Point", coordinates: [2.4417, 48.858912] },
          properties: {
            identifiant: "bien-1",
            intitule: 'Local "Le Relais", rue des Lilas; RDC',
            type_code: "GROUND_FLOOR_SHOP",
            type: "commerce en rez-de-chaussée",
            statut_code: "PUBLISHED",
            statut: "Publié, appel à candidatures ouvert",
            domaine: "domaine public",
            proprietaire: "Ville de Montreuil",
            adresse: "12 rue des Lilas",
            code_postal: "93100",
            commune: "Montreuil",
            code_insee: "93048",
            surface_m2: 120,
            niveaux: 1,
            etat: "à rafraîchir",
            accessibilite: "accessible aux personnes à mobilité réduite",
            equipements: "électricité, eau",
            disponible_du: "2027-05-01",
            disponible_au: "2029-12-31",
            type_occupation: "convention d'occupation temporaire",
            redevance_mensuelle_eur: 300,
            reduction_utilite_sociale_pct: 50,
            redevance_reduite_mensuelle_eur: 150,
            charges_mensuelles_eur: 50,
            date_limite_candidature: "2027-05-31T12:00:00+02:00",
            url: "https://tiers-lieux.example.org/biens/bien-1",
          },
        },
      ],
    });
  });

  it("keeps the occupied biens, with null for what is unknown", () => {
    const collection = premisesToGeoJson([occupied]);
    expect(collection.features.map((feature) => [feature.id, feature.properties.statut, feature.properties.date_limite_candidature])).toEqual([
      ["bien-6", "Occupé", null],
    ]);
  });

  it("is valid JSON without crs member nor personal data", () => {
    const text = JSON.stringify(premisesToGeoJson([lilas, ourcq]));
    expect(JSON.parse(text)).toEqual(premisesToGeoJson([lilas, ourcq]));
    for (const secret of ['"crs"', "claire", "06 12", "Dupont", '"latitude"', '"longitude"']) {
      expect(text.includes(secret)).toBe(false);
    }
  });

  it("is an empty collection when nothing is public", () => {
    expect(premisesToGeoJson([draft])).toEqual({ type: "FeatureCollection", features: [] });
  });
});
