// The JSON contract of docs/api.md as TypeScript types, field for field, for the requests and
// responses the page uses; the page's JavaScript (web/src, `// @ts-check`) is checked against it
// by `tsc --noEmit` (tsconfig.json, run by scripts/test.sh). Wire names are the C++ field names.
// null is an undefined number (never 0); a number is never NaN or infinite.

export type Nullable<T> = T | null;
type Numbers = Nullable<number>[];

// ---------------------------------------------------------------- envelope
export interface Warning {
  code: string;  // docs/errors.md, "Warnings"
  message: string;
  subject?: string;  // what it is about (an input, a covariate); "" or absent for the whole result
}
export interface ErrorBody {
  code: string;  // docs/errors.md
  message: string;
  path: string;  // JSON pointer of the offending value
}
export type Envelope<Result> =
  | { ok: true; result: Result; warnings: Warning[] }
  | { ok: false; error: ErrorBody };
export interface Version {
  version: string;
  api_version: number;  // 2
}

// ---------------------------------------------------------------- data (kaplan_meier, cox, ...)
export type Column = Numbers | { column: string };
export type LabelColumn = Nullable<string | number>[] | { column: string };
export interface SurvivalDataInput {
  time: Column;
  event: Column;
  entry?: Column;
  weight?: Column;
  group?: LabelColumn;
  strata?: LabelColumn;
  covariates?: Record<string, Column>;
}
export type ConfType = 'log-log' | 'log' | 'plain';

// ---------------------------------------------------------------- kaplan_meier
export interface KaplanMeierRequest {
  op: 'kaplan_meier';
  data: SurvivalDataInput;
  conf_type?: ConfType;
  conf_level?: number;
  times?: number[];
  quantiles?: number[];
  tau?: number;
  conditional?: { time: number; horizons: number[] };
}
export interface KaplanMeierTable {
  time: Numbers; n_risk: Numbers; n_event: Numbers; n_censor: Numbers; surv: Numbers;
  std_err: Numbers; lower: Numbers; upper: Numbers; cumhaz: Numbers; std_err_log: Numbers;
  std_cumhaz: Numbers;
}
export interface Interval {
  estimate: Nullable<number>;
  lower: Nullable<number>;
  upper: Nullable<number>;
}
export interface KaplanMeierCurve {
  group: Nullable<string>;
  n: number;
  events: number;
  table: KaplanMeierTable;
  median: Interval;
  quantiles: { probs: Numbers; time: Numbers; lower: Numbers; upper: Numbers };
  at_times?: {
    time: Numbers; n_risk: Numbers; n_event: Numbers; n_censor: Numbers; surv: Numbers;
    std_err: Numbers; lower: Numbers; upper: Numbers; cumhaz: Numbers;
  };
  rmst?: { tau: number; rmean: Nullable<number>; se: Nullable<number> };
  conditional?: {
    time: number; horizon: Numbers; at: Numbers; surv: Numbers; std_err: Numbers;
    lower: Numbers; upper: Numbers;
  };
}
export interface KaplanMeierResult {
  conf_type: ConfType;
  conf_level: number;
  curves: KaplanMeierCurve[];
}

// ---------------------------------------------------------------- log_rank
export interface LogRankRequest {
  op: 'log_rank';
  data: SurvivalDataInput;
  rho?: number;
}
export interface LogRankResult {
  rho: number; groups: string[]; n: Numbers; observed: Numbers; expected: Numbers;
  var: Numbers[]; chisq: Nullable<number>; df: number; p: Nullable<number>; strata: number;
}

// ---------------------------------------------------------------- cox
export interface CoxRequest {
  op: 'cox';
  data: SurvivalDataInput;
  ties?: 'efron' | 'breslow';
  max_iterations?: number;
  conf_level?: number;
  robust?: boolean;
  ph_test?: 'km' | 'identity';
  profile?: Record<string, number>;
  conf_type?: ConfType;
  times?: number[];
}
export interface Test {
  statistic: Nullable<number>;
  df: number;
  p: Nullable<number>;
}
type PerTerm = Record<string, Nullable<number>>;
export interface CoxResult {
  ties: 'efron' | 'breslow';
  n: number; nevent: number; terms: string[];
  coef: PerTerm; se: PerTerm; z: PerTerm; p: PerTerm; hr: PerTerm; hr_lower: PerTerm;
  hr_upper: PerTerm; means: PerTerm; infinite: Record<string, boolean>;
  var: Numbers[]; loglik: Nullable<number>; loglik_null: Nullable<number>;
  lr_test: Test; wald_test: Test; score_test: Test; iterations: number; converged: boolean;
  concordance: {
    concordance: Nullable<number>; std: Nullable<number>; concordant: number; discordant: number;
    tied_x: number; tied_y: number; tied_xy: number;
  };
  robust?: {
    se: PerTerm; var: Numbers[]; hr_lower: PerTerm; hr_upper: PerTerm; wald_test: Test;
    robust_score_test: Test;
  };
  ph_test?: {
    transform: 'km' | 'identity'; rows: string[]; chisq: Numbers; df: Numbers; p: Numbers;
    global_chisq: Nullable<number>; global_df: Nullable<number>; global_p: Nullable<number>;
  };
  prediction?: Nullable<{
    lp: Nullable<number>;
    curves: {
      stratum: Nullable<string>;
      table: {
        time: Numbers; n_risk: Numbers; n_event: Numbers; n_censor: Numbers; surv: Numbers;
        std_err_log: Numbers; lower: Numbers; upper: Numbers; cumhaz: Numbers;
      };
      median: Interval;
      landmarks?: {
        time: Numbers; surv: Numbers; std_err: Numbers; lower: Numbers; upper: Numbers;
        cumhaz: Numbers;
      };
    }[];
  }>;
}

// ---------------------------------------------------------------- cumulative_incidence
export interface CumulativeIncidenceRequest {
  op: 'cumulative_incidence';
  data: SurvivalDataInput;
  conf_type?: ConfType;
  conf_level?: number;
}
export interface CumulativeIncidenceResult {
  conf_type: ConfType;
  conf_level: number;
  causes: number;
  curves: {
    group: Nullable<string>;
    time: Numbers; n_risk: Numbers; n_censor: Numbers;
    event_free: { estimate: Numbers; std_err: Numbers; lower: Numbers; upper: Numbers };
    causes: {
      cause: number; n_event: Numbers; incidence: Numbers; std_err: Numbers; lower: Numbers;
      upper: Numbers;
    }[];
  }[];
}

// ---------------------------------------------------------------- model files (docs/models.md)
export type ModelRole = 'after_surgery' | 'at_recurrence';
export type InputRole = 'recurrence_site' | 'recurrence_treatment';
export type UnknownAction = 'no_adjustment' | 'all_levels' | 'average_over_mix';

// The parts of a model file (format_version 2) that the page reads itself (the Evidence view);
// the reader in wasm/model_reader.cpp refuses any member not in docs/models.md.
export interface ModelFile {
  format: 'nelm-prediction-model';
  format_version: 2;
  id: string;
  version: string;
  title: string;
  kind: 'published_evidence' | 'institution_cox';
  role: ModelRole;
  synthetic: boolean;
  description?: string;
  outcome: Outcome;
  population: {
    description: string;
    eligibility: string[];
    development: {
      n: number; events?: Nullable<number>; period: string;
      median_follow_up?: Nullable<number>; source: string; note?: string;
    };
  };
  sources: { id: string; citation: string; url?: string; note?: string }[];
  personalisation?: { note: string; cure?: 'profiles' | 'cohort_only'; cure_statement?: string };
  uncertainty: { method: string; description: string; limitations?: string[] };
  anchors: {
    label: string; quantity: 'survival' | 'median'; time: Nullable<number>; estimate: number;
    lower?: Nullable<number>; upper?: Nullable<number>; source: string;
  }[];
  assumptions: string[];
  limitations: string[];
  checksum: string;
}

export interface Outcome {
  endpoint: string;
  definition: string;
  time_origin: string;
  time_origin_stated: boolean;
  time_origin_note: Nullable<string>;
  time_unit: string;
  max_time: number;  // no estimate beyond it: the page's slider, grid and chart end here
}

// ---------------------------------------------------------------- load_model, validate_model
export interface LoadModelRequest {
  op: 'load_model';
  model: ModelFile;
}
export interface ModelIdentity {
  id: string;
  version: string;
  title: string;
  kind: 'published_evidence' | 'institution_cox';
  role: ModelRole;
  synthetic: boolean;
  checksum: string;
}
export interface ModelLevel {
  value: string;
  label: string;
  n: Nullable<number>;
  proportion: Nullable<number>;
  source: Nullable<string>;
  statement: Nullable<string>;
}
export interface ModelInput {
  name: string;
  label: string;
  type: 'categorical' | 'number';
  role: Nullable<InputRole>;
  unit: Nullable<string>;
  levels: ModelLevel[];  // empty for a number input
  range: Nullable<{ minimum: number; maximum: number }>;  // number inputs only
  unknown: { action: UnknownAction; description: string };
  comparison_warning: Nullable<string>;
  comparison_p: Nullable<{ text: string; source: string }>;  // as printed, e.g. "P<0.001"
}
export interface LoadedModel extends ModelIdentity {
  handle: string;  // "sha256:...": predict's model_handle
  outcome: Outcome;
  effect_structure: 'linear_predictor' | 'marginal_groups';
  inputs: ModelInput[];
}
export interface ValidateModelRequest {
  op: 'validate_model';
  model: object;
}
export interface ValidateModelResult {
  valid: true;
  id: string;
  version: string;
  checksum: string;
  computed_checksum: string;
}
export interface ModelChecksumRequest {
  op: 'model_checksum';
  model: object;
}
export interface ModelChecksumResult {
  id: string;
  version: string;
  checksum: string;
}

// ---------------------------------------------------------------- predict
// A value per input: a level, a number (number inputs: a JSON number, never text) or "unknown".
export type ProfileValue = string | number;
export type PredictRequest = {
  op: 'predict';
  profile?: Record<string, ProfileValue>;
  condition_time?: number;
  times?: number[];
} & ({ model_handle: string } | { model: object });

export type Status = 'published' | 'modelled';
// published_95_ci: a 95% CI as printed in a source; model_range: a band a model built (never to
// be called a 95% CI); none: no interval.
export type IntervalType = 'published_95_ci' | 'model_range' | 'none';
export interface Probability {
  estimate: Nullable<number>;
  lower: Nullable<number>;
  upper: Nullable<number>;
  status: 'modelled';
  interval_type: 'model_range' | 'none';
}
export interface Estimate extends Probability {
  time: number;
}
export interface PredictedCurve {
  time: number[];
  surv: Numbers;  // null before t0 and beyond max_time
  lower: Numbers;
  upper: Numbers;
  status: 'modelled';
  band: string;
  interval_type: 'model_range' | 'none';
}
export interface Anchor {
  label: string;
  quantity: 'survival' | 'median';
  time: Nullable<number>;
  estimate: number;
  lower: Nullable<number>;
  upper: Nullable<number>;
  status: 'published';
  interval_type: 'published_95_ci' | 'none';
  source: string;
  citation: string;
  applies_to: string;
}
export interface Cure {
  fraction: Nullable<Probability>;
  given_condition: Nullable<Probability & { time: number }>;
  statement: Nullable<string>;
}
export interface Prediction {
  label: string;
  group: Nullable<{ input: string; level: string; label: string; n: Nullable<number> }>;
  curve: Nullable<PredictedCurve>;
  estimates: Estimate[];
  median: Nullable<{ estimate: Nullable<number>; status: 'modelled'; note: string; interval_type: 'none' }>;
  cure: Nullable<Cure>;
  anchors: Anchor[];
  statement: Nullable<string>;
}
export interface PredictResult {
  model: ModelIdentity;
  outcome: Outcome;
  condition_time: Nullable<number>;
  profile: Record<string, ProfileValue>;
  linear_predictor: Nullable<{ value: number; std_err: number; status: 'modelled'; interval_type: 'none' }>;
  averaged_inputs: string[];
  predictions: Prediction[];
  assumptions: string[];
  limitations: string[];
}

// ---------------------------------------------------------------- op -> request and result
export interface Operations {
  kaplan_meier: { request: KaplanMeierRequest; result: KaplanMeierResult };
  log_rank: { request: LogRankRequest; result: LogRankResult };
  cox: { request: CoxRequest; result: CoxResult };
  cumulative_incidence: { request: CumulativeIncidenceRequest; result: CumulativeIncidenceResult };
  load_model: { request: LoadModelRequest; result: LoadedModel };
  validate_model: { request: ValidateModelRequest; result: ValidateModelResult };
  model_checksum: { request: ModelChecksumRequest; result: ModelChecksumResult };
  predict: { request: PredictRequest; result: PredictResult };
}
export type Op = keyof Operations;

// The Embind module (wasm/bindings.cpp).
export interface NelmModule {
  calculate(request: string): string;
  version(): string;
  putColumn(name: string, values: Float64Array): void;
  clearColumns(): void;
}
export type CreateNelmModule = (options?: { locateFile?: (path: string) => string }) =>
  Promise<NelmModule>;
