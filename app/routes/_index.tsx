import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useOptionalUser } from "~/root";

export const meta: MetaFunction = () => [
  { title: "Tiers-lieux partagés — des locaux pour l'économie sociale et solidaire" },
  {
    name: "description",
    content: "Réservez des salles et des bureaux dans les tiers-lieux, suivez les locaux vacants des collectivités.",
  },
];

export default function Home() {
  const user = useOptionalUser();
  return (
    <>
      <h1>Des locaux partagés pour l'économie sociale et solidaire</h1>
      <p className="lead">
        Les collectivités ouvrent leurs locaux vacants à l'urbanisme transitoire, les SCIC gèrent leurs tiers-lieux et
        leurs sociétaires, et les structures de l'ESS sans locaux réservent salles et postes de travail, ponctuellement ou
        chaque semaine, et les retrouvent dans leur agenda.
      </p>
      <p>
        {user ? (
          <Link className="button" to="/tableau-de-bord">
            Aller à mon tableau de bord
          </Link>
        ) : (
          <Link className="button" to="/connexion">
            Se connecter
          </Link>
        )}
      </p>
      <h2>Pour qui ?</h2>
      <ul className="cards">
        <li className="card">
          <h3>Collectivités</h3>
          <p>Publiez terrains et locaux vacants, lancez des appels à candidatures et suivez les occupations temporaires.</p>
        </li>
        <li className="card">
          <h3>SCIC et tiers-lieux</h3>
          <p>Gérez vos espaces, vos sociétaires par collège, vos tarifs et votre facturation mensuelle.</p>
        </li>
        <li className="card">
          <h3>Structures de l'ESS</h3>
          <p>Associations, coopératives, entreprises d'insertion : réservez des salles et des bureaux partagés.</p>
        </li>
      </ul>
    </>
  );
}
