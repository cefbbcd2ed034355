// The demand of ESS structures by commune and kind of bien: a table, and the same figures as an
// inline SVG bar chart drawn on the server (no client library, nothing to load). The chart is one
// image for assistive technologies (role="img", a <title>) and points to the table, which holds
// every figure, with aria-describedby.
import type { DemandByCommune } from "~/domain/matching";
import { formatEurosCompact } from "~/domain/premises";

export const DEMAND_TABLE_ID = "demande-tableau";

/** One bar per (commune, kind) cell, in the table's order. */
export function demandBars(demand: readonly DemandByCommune[]): Array<{ key: string; label: string; needCount: number }> {
  return demand.flatMap((commune) =>
    commune.byKind.map((kind) => ({ key: `${commune.key}-${kind.kind}`, label: `${commune.label} — ${kind.label}`, needCount: kind.needCount })),
  );
}

export function DemandTable({ demand }: { demand: readonly DemandByCommune[] }) {
  return (
    <table id={DEMAND_TABLE_ID}>
      <caption>Besoins ouverts par commune et par type de bien</caption>
      <thead>
        <tr>
          <th scope="col">Commune</th>
          <th scope="col">Type de bien</th>
          <th scope="col">Besoins</th>
          <th scope="col">dont usage partagé accepté</th>
          <th scope="col">Budget mensuel cumulé</th>
        </tr>
      </thead>
      <tbody>
        {demand.flatMap((commune) =>
          commune.byKind.map((kind, index) => (
            <tr key={`${commune.key}-${kind.kind}`}>
              {index === 0 ? (
                <th scope="rowgroup" rowSpan={commune.byKind.length}>
                  {commune.label} ({commune.needCount})
                </th>
              ) : null}
              <td>{kind.label}</td>
              <td>{kind.needCount}</td>
              <td>{kind.sharedUseCount}</td>
              <td>{formatEurosCompact(kind.budgetMaxCentsTotal)}</td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}

const LABEL_WIDTH = 300;
const BAR_AREA = 320;
const VALUE_WIDTH = 60;
const ROW_HEIGHT = 28;
const BAR_HEIGHT = 18;
const TOP = 8;

/** Horizontal bars, one per (commune, kind), scaled to the largest number of needs. */
export function DemandChart({ demand }: { demand: readonly DemandByCommune[] }) {
  const bars = demandBars(demand);
  if (bars.length === 0) return null;
  const max = Math.max(...bars.map((bar) => bar.needCount), 1);
  const width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH;
  const height = TOP * 2 + bars.length * ROW_HEIGHT;
  return (
    <figure className="demand-chart">
      <svg
        role="img"
        aria-labelledby="demande-graphique-titre"
        aria-describedby={DEMAND_TABLE_ID}
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        style={{ maxWidth: `${width}px` }}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id="demande-graphique-titre">
          Graphique : nombre de besoins ouverts par commune et par type de bien (détail dans le tableau)
        </title>
        {bars.map((bar, index) => {
          const y = TOP + index * ROW_HEIGHT;
          const barWidth = Math.max(2, Math.round((bar.needCount / max) * BAR_AREA));
          return (
            <g key={bar.key} data-besoins={bar.needCount}>
              <text x={LABEL_WIDTH - 8} y={y + BAR_HEIGHT - 4} textAnchor="end" fontSize="13" fill="#1b1b1b">
                {bar.label}
              </text>
              <rect x={LABEL_WIDTH} y={y} width={barWidth} height={BAR_HEIGHT} fill="#1f5f8b" />
              <text x={LABEL_WIDTH + barWidth + 6} y={y + BAR_HEIGHT - 4} fontSize="13" fill="#1b1b1b">
                {bar.needCount}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>Nombre de besoins ouverts ; les chiffres figurent dans le tableau ci-dessous.</figcaption>
    </figure>
  );
}
