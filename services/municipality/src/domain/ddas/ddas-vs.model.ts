import type { ContactKind, SignalPartnerType } from '../pathway/pathway.codes';
import type { DdasDatum } from './ddas.model';

// The part of the official DDAS vroegsignalering v0.9 Uitwisselmodel
// (adapters/ddas/json_schema_Uitwisselmodel.vs-v0.9.json) this service fills.
// Property names are the schema's, spelling and all (`startdatum_matchtingperiode`,
// `contactpersoonen`). Everything optional in the schema is optional here.

/** DDAS-VS EnumSignaalstatus: the signal was not (yet) taken up. */
export type DdasSignaalstatus =
  | 'Nog niet opgepakt'
  | 'Niet opgepakt: onterecht signaal'
  | 'Inwoner is overleden'
  | 'Persoon is geen inwoner (meer) in de gemeente'
  | 'Niet opgepakt: herhaalde melding'
  | 'Niet opgepakt: andere reden';

/** DDAS-VS EnumEindresultaat: what became of a vroegsignaalzaak. */
export type DdasEindresultaat =
  | 'Niet opgepakt: herhaalde melding'
  | 'Niet opgepakt: onterecht signaal'
  | 'Inwoner is overleden'
  | 'Persoon is geen inwoner (meer) in de gemeente'
  | 'Niet opgepakt: andere reden'
  | 'Inwoner al bekend bij schuldhulpverlening'
  | 'Inwoner heeft al een ander lopend traject'
  | 'Definitief geen contact kunnen krijgen'
  | 'Geen reactie na eerder contact'
  | 'Inwoner hoeft geen hulp vanuit vroegsignalering'
  | 'Inwoner heeft zelf al betaald/betalingsregeling getroffen'
  | '(Budget)advies en/of quick fix'
  | 'Vervolghulp en/of verwijzing financieel'
  | 'Verwijzing zonder contact'
  | 'Vervolghulp en/of verwijzing niet financieel';

/** DDAS-VS EnumDagdeel. */
export type DdasDagdeel = 'Ochtend' | 'Middag' | 'Avond';

/**
 * DDAS-VS `client`. The schema requires the object but none of its
 * properties; the municipality sends it empty (no BSN, name, birth date or
 * address leaves the service for statistics).
 */
export type DdasVsClient = Readonly<Record<string, never>>;

/** DDAS-VS `vroegsignaal`: one signal of a signal partner. */
export interface DdasVroegsignaal {
  readonly ID: string;
  readonly crisissignaal?: boolean;
  readonly warmeOverdracht?: boolean;
  /** Arrears, whole euros. */
  readonly bedrag?: number;
  /** Date the arrears started. */
  readonly ontstaansdatum?: DdasDatum;
  readonly signaaldatum?: DdasDatum;
  readonly status?: DdasSignaalstatus;
  readonly signaalpartner: { readonly type?: SignalPartnerType };
  readonly client: DdasVsClient;
}

/** DDAS-VS `contactpoging`. */
export interface DdasContactpoging {
  readonly soort?: ContactKind;
  readonly bereikt?: boolean;
  readonly datum?: DdasDatum;
  readonly dagdeel?: DdasDagdeel;
}

/** DDAS-VS `vroegsignaalzaak`: the municipality's handling of one resident's signals. */
export interface DdasVroegsignaalzaak {
  readonly resultaat?: DdasEindresultaat;
  readonly datum_opgepakt?: DdasDatum;
  readonly vroegsignalen: readonly { readonly ID: string }[];
  readonly contactpogingen?: readonly DdasContactpoging[];
}

/** One DDAS-VS `levering`: one municipality's signals and cases. */
export interface DdasVsLevering {
  readonly teller: number;
  readonly gemeentecode: string;
  readonly aanleverende_organisatie: Readonly<Record<string, never>>;
  readonly vroegsignalen: readonly DdasVroegsignaal[];
  readonly vroegsignaalzaken: readonly DdasVroegsignaalzaak[];
}

/** The DDAS vroegsignalering v0.9 Uitwisselmodel document (the whole export). */
export interface DdasVsUitwisselmodel {
  readonly startdatumLevering: DdasDatum;
  readonly einddatumLevering: DdasDatum;
  /** 'YYYY-MM-DDTHH:MM:SSZ'. */
  readonly aanleverdatumEnTijd: string;
  readonly codeGegevensleverancier: string;
  readonly leveringen: readonly DdasVsLevering[];
}
