import type {
  Beschikkingssoort,
  DebtType,
  GuidanceKind,
  SolutionKind,
  UitstroomReason,
} from '../pathway/pathway.codes';

// The part of the official DDAS SHV v1.0 Uitwisselmodel
// (adapters/ddas/json_schema_Uitwisselmodel.json) this service fills. Property
// names are the schema's, spelling and all. Everything optional in the schema
// is optional here: a field our data cannot honestly fill stays absent.

/** A date 'YYYY-MM-DD' (DDAS `datum`). */
export type DdasDatum = string;

/** DDAS `aanmelding`. */
export interface DdasAanmelding {
  readonly crisisinterventie?: boolean;
  readonly startdatum?: DdasDatum;
  readonly einddatum?: DdasDatum;
}

/** DDAS `intake`. */
export interface DdasIntake {
  readonly startdatum?: DdasDatum;
  readonly einddatum?: DdasDatum;
  readonly beschikkingsdatum?: DdasDatum;
  readonly beschikkingssoort?: Beschikkingssoort;
}

/** A DDAS phase with a start and maybe an end (stabilisatie, nazorg, a crisisinterventie). */
export interface DdasPeriode {
  readonly startdatum?: DdasDatum;
  readonly einddatum?: DdasDatum;
}

/** DDAS `begeleiding` item. */
export interface DdasBegeleiding extends DdasPeriode {
  readonly soort?: GuidanceKind;
}

/** DDAS `oplossing`; whole euros. */
export interface DdasOplossing extends DdasPeriode {
  readonly soort?: SolutionKind;
  /** Vrij te laten bedrag, whole euros per month. */
  readonly vtlb?: number;
}

/** DDAS `schuldregeling`: the minnelijke schuldregeling offered to the creditors. */
export interface DdasSchuldregeling {
  /** Date the schuldregeling was submitted (proposed to the creditors). */
  readonly datum?: DdasDatum;
  readonly toegekend?: DdasDatum;
  readonly afgewezen?: DdasDatum;
  readonly ingetrokken?: DdasDatum;
  /** Date a dwangakkoord (art. 287a Fw) was requested from the court. */
  readonly datumVerzoekDwangakkoord?: DdasDatum;
  /** Whether the court forced the refusing creditors to agree; absent until it ruled. */
  readonly dwangakkoord?: boolean;
}

/** DDAS `moratoria` item: a moratorium request (art. 287b Fw) and its term. */
export interface DdasMoratorium {
  readonly datumAanvraag?: DdasDatum;
  readonly datumGoedkeuring?: DdasDatum;
  readonly startdatum?: DdasDatum;
  readonly einddatum?: DdasDatum;
}

/** DDAS `schulden` item. */
export interface DdasSchuld {
  /** Whole euros. */
  readonly bedrag?: number;
  readonly peildatum?: DdasDatum;
  readonly schuldsoort?: DebtType;
}

/** DDAS `uitstroom`. */
export interface DdasUitstroom {
  readonly datum?: DdasDatum;
  readonly reden?: UitstroomReason;
}

/** DDAS `schuldhulptraject`: one pathway. Only `gemeentecode` is required by the schema. */
export interface DdasSchuldhulptraject {
  readonly gemeentecode: string;
  readonly startdatum?: DdasDatum;
  readonly einddatum?: DdasDatum;
  readonly toekenningsdatum?: DdasDatum;
  /** Whole euros. */
  readonly totaalSchuldbedragBijAanvangSchuld?: number;
  readonly aanmelding?: DdasAanmelding;
  readonly intake?: DdasIntake;
  readonly crisisinterventies?: readonly DdasPeriode[];
  readonly moratoria?: readonly DdasMoratorium[];
  readonly voorlopigeVoorzieningen?: readonly DdasPeriode[];
  readonly schulden?: readonly DdasSchuld[];
  readonly planVanAanpak?: { readonly datumAfronding?: DdasDatum };
  readonly stabilisatie?: DdasPeriode;
  readonly begeleiding?: readonly DdasBegeleiding[];
  readonly schuldregeling?: DdasSchuldregeling;
  readonly oplossing?: DdasOplossing;
  readonly nazorg?: DdasPeriode;
  readonly uitstroom?: DdasUitstroom;
}

/** One DDAS `levering`: the municipality and its trajectories. */
export interface DdasLevering {
  readonly teller: number;
  readonly aanleverende_organisatie: { readonly gemeentecode: string };
  readonly schuldhulptrajecten: readonly DdasSchuldhulptraject[];
}

/** The DDAS Uitwisselmodel document (the whole export). */
export interface DdasUitwisselmodel {
  readonly startdatumLevering: DdasDatum;
  readonly einddatumLevering: DdasDatum;
  /** 'YYYY-MM-DDTHH:MM:SSZ'. */
  readonly aanleverdatumEnTijd: string;
  readonly codeGegevensleverancier: string;
  readonly leveringen: readonly DdasLevering[];
}
