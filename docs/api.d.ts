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
  cluster?: LabelColumn;
  // Numbers, or category labels for a column declared in "categorical" (cox, fine_gray, export_model).
  covariates?: Record<string, Column | LabelColumn>;
}
// "plot": the curve thinned for a figure of `points` points across [0, to].
export interface PlotRequest { points?: number; to?: number }
// "categorical": each category covariate, optionally with its reference level.
export type CategoricalDeclarations = Record<string, { reference?: string | number }>;
// The coding of each covariate (cox, fine_gray): the terms it became.
export interface CovariateCoding {
  name: string; type: 'categorical' | 'number'; reference?: string; levels?: string[]; n?: number[];
  terms: string[];
}
// The rows left out for a missing value, by column.
export interface MissingRows { rows: number; by_column: Record<string, number> }
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
  robust?: boolean;
  table?: boolean;
  plot?: PlotRequest;
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
  // The level, a number for numeric group codes, null without groups.
  group: Nullable<string | number>;
  n: number;
  events: number;
  // The last observed time (event or censoring): no estimate after it.
  last_time: number;
  // Absent with "table": false.
  table?: KaplanMeierTable;
  median: Interval;
  quantiles: { probs: Numbers; time: Numbers; lower: Numbers; upper: Numbers };
  at_times?: {
    time: Numbers; n_risk: Numbers; n_event: Numbers; n_censor: Numbers; surv: Numbers;
    std_err: Numbers; lower: Numbers; upper: Numbers; cumhaz: Numbers;
    // false past the last observed time (the values there are null).
    estimable: boolean[];
  };
  plot?: { time: Numbers; surv: Numbers; lower: Numbers; upper: Numbers; n_censor: Numbers };
  rmst?: { tau: number; rmean: Nullable<number>; se: Nullable<number> };
  conditional?: {
    time: number; horizon: Numbers; at: Numbers; surv: Numbers; std_err: Numbers;
    lower: Numbers; upper: Numbers;
  };
}
export interface KaplanMeierResult {
  conf_type: ConfType;
  conf_level: number;
  robust: boolean;
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
  categorical?: CategoricalDeclarations;
  ties?: 'efron' | 'breslow' | 'exact';
  max_iterations?: number;
  conf_level?: number;
  robust?: boolean;
  ph_test?: 'km' | 'identity';
  profile?: Record<string, number | string>;
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
  ties: 'efron' | 'breslow' | 'exact';
  n: number; nevent: number; terms: string[];
  covariates: CovariateCoding[];
  missing: MissingRows;
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
  // With a group: the weight (1 - F(t-))^rho of Gray's test (cuminc's rho).
  rho?: number;
  times?: number[];
  table?: boolean;
  plot?: PlotRequest;
}
export interface CauseAtTimes {
  cause: number; incidence: Numbers; std_err: Numbers; lower: Numbers; upper: Numbers;
}
export interface CumulativeIncidenceCurve {
  group: Nullable<string | number>;
  last_time: number;
  // time ... causes' values: absent with "table": false (causes then hold only `cause`).
  time?: Numbers; n_risk?: Numbers; n_censor?: Numbers;
  event_free?: { estimate: Numbers; std_err: Numbers; lower: Numbers; upper: Numbers };
  causes: {
    cause: number; n_event?: Numbers; incidence?: Numbers; std_err?: Numbers; lower?: Numbers;
    upper?: Numbers;
  }[];
  at_times?: {
    time: Numbers; n_risk: Numbers;
    event_free: { estimate: Numbers; std_err: Numbers; lower: Numbers; upper: Numbers };
    causes: CauseAtTimes[];
    estimable: boolean[];
  };
  plot?: { time: Numbers; n_censor: Numbers; causes: { cause: number; incidence: Numbers; lower: Numbers; upper: Numbers }[] };
}
// Gray's test per cause (cmprsk::cuminc(...)$Tests): null statistic and p for a cause that
// never occurs or whose variance is singular.
export interface GrayTest {
  rho: number;
  strata: number;
  tests: { cause: number; statistic: Nullable<number>; df: number; p: Nullable<number> }[];
}
export interface CumulativeIncidenceResult {
  conf_type: ConfType;
  conf_level: number;
  causes: number;
  curves: CumulativeIncidenceCurve[];
  // With a group; null with one group or with weights.
  gray_test?: Nullable<GrayTest>;
}

// ---------------------------------------------------------------- fine_gray
export interface FineGrayRequest {
  op: 'fine_gray';
  data: SurvivalDataInput;
  categorical?: CategoricalDeclarations;
  cause?: number;
  ties?: 'efron' | 'breslow';
  max_iterations?: number;
  conf_level?: number;
  robust?: boolean;
  cluster?: 'subject' | 'row';
  profile?: Record<string, number | string>;
  conf_type?: ConfType;
  times?: number[];
}
type PerTermFlag = Record<string, boolean>;
export interface FineGrayResult {
  cause: number; ties: 'efron' | 'breslow';
  n: number; nevent: number; n_competing: number; finegray_rows: number;
  covariates: CovariateCoding[];
  missing: MissingRows;
  terms: string[];
  // Model-based (R's se(coef)); hr is the subdistribution hazard ratio exp(coef).
  coef: PerTerm; se: PerTerm; z: PerTerm; p: PerTerm; hr: PerTerm; hr_lower: PerTerm;
  hr_upper: PerTerm; infinite: PerTermFlag;
  var: Numbers[]; loglik: Nullable<number>; loglik_null: Nullable<number>;
  lr_test: Test; wald_test: Test; score_test: Test; iterations: number; converged: boolean;
  // The sandwich (R's coxph on the finegray data); null with "robust": false.
  robust: Nullable<{
    cluster: 'subject' | 'row'; se: PerTerm; z: PerTerm; p: PerTerm; var: Numbers[];
    hr_lower: PerTerm; hr_upper: PerTerm; wald_test: Test; robust_score_test: Test;
  }>;
  prediction?: Nullable<{
    lp: Nullable<number>;
    table: {
      time: Numbers; n_risk: Numbers; n_event: Numbers; incidence: Numbers; std_err: Numbers;
      lower: Numbers; upper: Numbers; cumhaz: Numbers; std_err_cumhaz: Numbers;
    };
    at_times?: { time: Numbers; incidence: Numbers; std_err: Numbers; lower: Numbers; upper: Numbers };
  }>;
}

// ---------------------------------------------------------------- model files (docs/models.md)
export type ModelRole = 'after_surgery' | 'at_recurrence' | 'after_surgery_personalised';
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
  personalised?: Personalised;  // cure-regression models only
}
// A cure-regression number: the central mix's estimate; lower/upper the model range over every
// assumed mix; central_lower/upper the central mix's own range; lowest/highest_estimate the
// estimates over the mixes.
export interface MixRange {
  estimate: Nullable<number>;
  lower: Nullable<number>;
  upper: Nullable<number>;
  status: 'modelled';
  interval_type: 'model_range';
  central_lower: Nullable<number>;
  central_upper: Nullable<number>;
  lowest_estimate: Nullable<number>;
  highest_estimate: Nullable<number>;
}
export interface Personalised {
  estimates: MixRange[];  // parallel to Prediction.estimates
  cure_fraction: MixRange;
  cure_given_condition: Nullable<MixRange>;
  median: Nullable<MixRange>;
  cure_profile: Nullable<{ label: string; published: number; status: 'published';
    interval_type: 'none'; source: string;
    citation: string; transferred: number; transferred_status: 'modelled';
    range_covers_transferred: boolean; disagreement: string }>;
  published_cure: { label: string; estimate: number; status: 'published'; interval_type: 'none';
    source: string };
  cure_definition: string;
  mix_statement: string;
  scenarios: { label: string; central: boolean }[];
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
  fine_gray: { request: FineGrayRequest; result: FineGrayResult };
  load_model: { request: LoadModelRequest; result: LoadedModel };
  validate_model: { request: ValidateModelRequest; result: ValidateModelResult };
  model_checksum: { request: ModelChecksumRequest; result: ModelChecksumResult };
  predict: { request: PredictRequest; result: PredictResult };
}
export type Op = keyof Operations;
// calculate(request) -> { result, warnings }, refusals thrown (web/src/engine.js's
// Engine.calculate; the cohort pipeline's web/src/cohort/core-calculate.js).
export type Calculate = <O extends Op>(request: Operations[O]['request'] & { op: O }) =>
  { result: Operations[O]['result']; warnings: Warning[] };

// The Embind module (wasm/bindings.cpp).
export interface NelmModule {
  calculate(request: string): string;
  version(): string;
  putColumn(name: string, values: Float64Array): void;
  clearColumns(): void;
  // Runs the large-cohort ops on `rows` synthetic rows so later calls run optimised code:
  // '{"ok":true,"requests":N}' or a refusal envelope (docs/api.md, "Warm-up").
  warmUp(rows: number): string;
}
export type CreateNelmModule = (options?: { locateFile?: (path: string) => string }) =>
  Promise<NelmModule>;
