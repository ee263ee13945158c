# Writes the Your cohort test fixtures: three hospital-style exports of 400 patients of the public
# data set survival::rotterdam (breast cancer, Rotterdam tumour bank; recurrence and death times),
# and the reference numbers R gives on the rows each export should keep. R only GENERATES these
# committed files; no test needs R. Run from the repository root:
#   Rscript scripts/make-cohort-fixtures.R
# Output: tests/fixtures/cohort/rotterdam-{clean,european,messy}.csv and rotterdam-reference.json.
suppressPackageStartupMessages(library(survival))

# A small JSON writer (jsonlite is not installed here): numbers to 17 significant digits, so the
# reference numbers round-trip exactly; a length-1 vector is a scalar unless wrapped in I().
to_json <- function(x, indent = "") {
  inner <- paste0(indent, "  ")
  scalar <- function(v) {
    if (is.na(v)) return("null")
    if (is.character(v)) return(paste0("\"", gsub("([\"\\\\])", "\\\\\\1", v), "\""))
    if (is.logical(v)) return(if (v) "true" else "false")
    sprintf("%.17g", v)
  }
  if (is.list(x)) {
    if (is.null(names(x))) return(paste0("[\n", paste0(inner, vapply(x, to_json, "", inner), collapse = ",\n"), "\n", indent, "]"))
    return(paste0("{\n", paste0(inner, "\"", names(x), "\": ", vapply(x, to_json, "", inner), collapse = ",\n"), "\n", indent, "}"))
  }
  if (length(x) == 1 && !inherits(x, "AsIs")) return(scalar(x))
  paste0("[", paste(vapply(as.list(x), scalar, ""), collapse = ", "), "]")
}
out <- "tests/fixtures/cohort"

set.seed(20250613)
d <- rotterdam[sort(sample(nrow(rotterdam), 400)), ]
# rotterdam has the year of surgery only: a day within that year, fixed by the patient id, makes
# the dates; every time in days (rtime, dtime) is then the exact difference of two dates.
surgery <- as.Date(sprintf("%d-01-01", d$year)) + (d$pid * 97) %% 365
base <- data.frame(
  data_origin = "derived from survival::rotterdam (public data)",
  patient_id = sprintf("RT%04d", d$pid),
  surgery = surgery,
  recurrence_flag = ifelse(d$recur == 1, "yes", "no"),
  recurrence = as.Date(ifelse(d$recur == 1, surgery + d$rtime, NA), origin = "1970-01-01"),
  last_follow_up = surgery + d$dtime,
  death = as.Date(ifelse(d$death == 1, surgery + d$dtime, NA), origin = "1970-01-01"),
  vital_status = ifelse(d$death == 1, "dead", "alive"),
  age = d$age, age_decades = d$age / 10, size = as.character(d$size), grade = d$grade,
  nodes = d$nodes, hormonal_therapy = ifelse(d$hormon == 1, "yes", "no"),
  stringsAsFactors = FALSE)
# DFS as the survival package's vignette defines relapse-free survival on rotterdam: the first of
# recurrence or death; a death without a recorded recurrence ends DFS at dtime.
base$dfs_days <- ifelse(d$recur == 1, d$rtime, d$dtime)
base$dfs_event <- pmax(d$recur, d$death)
base$os_days <- d$dtime
base$os_event <- d$death

columns <- c("data_origin", "patient_id", "date_of_surgery", "recurrence", "date_of_recurrence",
  "date_of_last_follow_up", "date_of_death", "vital_status", "age", "age_decades", "tumour_size",
  "grade", "nodes", "hormonal_therapy")
export_frame <- function(b, date_format, decimal) {
  fmt <- function(x) ifelse(is.na(x), "", format(x, date_format))
  num <- function(x) { s <- format(x, trim = TRUE, nsmall = 1); if (decimal == ",") gsub(".", ",", s, fixed = TRUE) else s }
  f <- data.frame(b$data_origin, b$patient_id, fmt(b$surgery), b$recurrence_flag, fmt(b$recurrence),
    fmt(b$last_follow_up), fmt(b$death), b$vital_status, as.character(b$age), num(b$age_decades),
    b$size, as.character(b$grade), as.character(b$nodes), b$hormonal_therapy, stringsAsFactors = FALSE)
  names(f) <- columns
  f
}
write_export <- function(f, path, sep, eol, bom = FALSE, trailer = "") {
  quote <- function(x) ifelse(grepl(paste0("[\"", sep, "\r\n]"), x), paste0("\"", gsub("\"", "\"\"", x), "\""), x)
  lines <- c(paste(quote(names(f)), collapse = sep), apply(f, 1, function(r) paste(quote(r), collapse = sep)))
  con <- file(path, "wb")
  if (bom) writeBin(as.raw(c(0xef, 0xbb, 0xbf)), con)
  writeBin(charToRaw(enc2utf8(paste0(paste(lines, collapse = eol), eol, trailer))), con)
  close(con)
}

# 1. Clean: UTF-8, commas, ISO dates, decimal points, LF.
write_export(export_frame(base, "%Y-%m-%d", "."), file.path(out, "rotterdam-clean.csv"), ",", "\n")

# 2. European Excel: BOM, semicolons, decimal commas, DD.MM.YYYY, CRLF, a German header with
# umlauts, and the blank rows Excel leaves at the end.
european <- export_frame(base, "%d.%m.%Y", ",")
names(european)[names(european) == "tumour_size"] <- "Tumorgröße"
write_export(european, file.path(out, "rotterdam-european.csv"), ";", "\r\n", bom = TRUE,
  trailer = paste0(strrep(";", length(columns) - 1), "\r\n\r\n\r\n"))

# 3. Messy: the defects a real export has. Each is recorded with the file row it lands on (the
# header is row 1) and what the page must do with it.
m <- export_frame(base, "%Y-%m-%d", ".")
expected <- list()
note <- function(i, column, kind, effect) {
  expected[[length(expected) + 1]] <<- list(row = i + 1, patient_id = m$patient_id[i], column = column,
    kind = kind, effect = effect)
}
m$date_of_surgery[c(5, 77)] <- ""; for (i in c(5, 77)) note(i, "date_of_surgery", "missing_value", "excluded")
m$date_of_last_follow_up[140] <- "2003-02-30"; note(140, "date_of_last_follow_up", "not_a_date", "excluded")
m$date_of_surgery[201] <- "1989-13-01"; note(201, "date_of_surgery", "not_a_date", "excluded")
m$age[c(8, 11, 12)] <- "unknown"; for (i in c(8, 11, 12)) note(i, "age", "not_a_number", "value_missing")
m$age_decades[c(8, 11, 12)] <- "unknown"; for (i in c(8, 11, 12)) note(i, "age_decades", "not_a_number", "value_missing")
m$nodes[c(30, 31)] <- "unknown"; for (i in c(30, 31)) note(i, "nodes", "not_a_number", "value_missing")
yes_no_date <- which(m$recurrence == "yes")[3]
m$date_of_recurrence[yes_no_date] <- ""; note(yes_no_date, "recurrence", "recurrence_without_date", "excluded")
date_flag_no <- which(m$recurrence == "no")[20]
m$date_of_recurrence[date_flag_no] <- m$date_of_last_follow_up[date_flag_no]
note(date_flag_no, "recurrence", "recurrence_date_but_flag_no", "excluded")
# Duplicated ids, inserted after file row 51: row 52 repeats row 50 exactly and row 53 is repeated
# exactly by row 63 (the later of each pair is left out, the first in the file kept); row 54 reuses
# the id of row 73 with another age (both are left out: the file does not say which is right).
dups <- m[c(49, 59), ]
conflict <- m[69, ]; conflict$age <- as.character(as.integer(conflict$age) + 7)
defect_rows <- c(5, 8, 11, 12, 30, 31, 77, 140, 201, yes_no_date, date_flag_no)
stopifnot(!anyDuplicated(defect_rows), !(c(49, 59, 69) %in% defect_rows))
m <- rbind(m[1:50, ], dups, conflict, m[51:400, ])
# rows shift by 3 after file row 51: recompute the recorded rows
for (k in seq_along(expected)) if (expected[[k]]$row > 51) expected[[k]]$row <- expected[[k]]$row + 3
expected[[length(expected) + 1]] <- list(row = 52, patient_id = dups$patient_id[1], column = "patient_id", kind = "duplicate_patient", effect = "excluded")
expected[[length(expected) + 1]] <- list(row = 59 + 1 + 3, patient_id = dups$patient_id[2], column = "patient_id", kind = "duplicate_patient", effect = "excluded")
expected[[length(expected) + 1]] <- list(row = 54, patient_id = conflict$patient_id, column = "patient_id", kind = "conflicting_patient", effect = "excluded")
expected[[length(expected) + 1]] <- list(row = 69 + 1 + 3, patient_id = conflict$patient_id, column = "patient_id", kind = "conflicting_patient", effect = "excluded")
names(m) <- sub("^age$", "age ", sub("^grade$", " grade  ", names(m)))
write_export(m, file.path(out, "rotterdam-messy.csv"), ",", "\n")

# Reference numbers: R on the rows each export keeps.
messy_excluded <- unique(c(5, 77, 140, 201, yes_no_date, date_flag_no, 69))
messy_keep <- setdiff(seq_len(400), messy_excluded)
age_missing <- c(8, 11, 12)
# The report's numbers (issue 13 point 5), each with the R call beside it in "r_calls": DFS and OS
# at the default landmarks for the three interval types (summary(extend = FALSE): no estimate past
# the last follow-up), the medians, a landmark past the last follow-up, Kaplan-Meier and log-rank
# by tumour size and by hormonal therapy over all patients, the cumulative incidence of
# recurrence (no site is recorded in these exports: every recurrence is "site not recorded") and
# of death without recurrence, and the Cox model's tests, Breslow ties and strata.
landmarks <- c(1, 3, 5, 10)
km_rows <- function(fit) {
  s <- summary(fit, times = landmarks, extend = FALSE)
  list(time = s$time, surv = s$surv, lower = s$lower, upper = s$upper, std_err = s$std.err, n_risk = s$n.risk)
}
median_of <- function(fit) {
  t <- summary(fit)$table
  list(estimate = unname(t["median"]), lower = unname(t["0.95LCL"]), upper = unname(t["0.95UCL"]))
}
by_group <- function(b, outcome, column) {
  y <- if (outcome == "dfs") Surv(b$dfs_days / 365.25, b$dfs_event) else Surv(b$os_days / 365.25, b$os_event)
  g <- b[[column]]
  test <- survdiff(y ~ g)
  fit <- survfit(y ~ g, conf.type = "log-log")
  levels <- sub("^g=", "", names(fit$strata))
  curves <- lapply(seq_along(levels), function(k) c(list(group = levels[k]), km_rows(fit[k]), list(median = median_of(fit[k]))))
  list(levels = I(levels), chisq = test$chisq, df = length(test$n) - 1,
    p = pchisq(test$chisq, length(test$n) - 1, lower.tail = FALSE), observed = I(unname(test$obs)),
    expected = I(unname(test$exp)), curves = curves)
}
report_for <- function(b, c2) {
  dfs <- function(ct) survfit(Surv(dfs_days / 365.25, dfs_event) ~ 1, data = b, conf.type = ct)
  os <- survfit(Surv(os_days / 365.25, os_event) ~ 1, data = b, conf.type = "log-log")
  cause <- factor(ifelse(b$recurrence_flag == "yes", 1, ifelse(b$dfs_event == 1, 2, 0)), 0:2, c("censored", "recurrence", "death"))
  ci <- survfit(Surv(b$dfs_days / 365.25, cause) ~ 1, conf.type = "log-log")
  cs <- summary(ci, times = landmarks, extend = FALSE)
  state <- function(name) list(incidence = unname(cs$pstate[, which(ci$states == name)]),
    lower = unname(cs$lower[, which(ci$states == name)]), upper = unname(cs$upper[, which(ci$states == name)]),
    std_err = unname(cs$std.err[, which(ci$states == name)]), events = sum(cause == name))
  beyond <- summary(dfs("log-log"), times = c(5, 25), extend = FALSE)
  cox <- coxph(Surv(dfs_days / 365.25, dfs_event) ~ age_decades + factor(size) + grade, data = c2, ties = "efron")
  sc <- summary(cox)
  test <- function(x) list(statistic = unname(x["test"]), df = unname(x["df"]), p = unname(x["pvalue"]))
  breslow <- coxph(Surv(dfs_days / 365.25, dfs_event) ~ age_decades + factor(size) + grade, data = c2, ties = "breslow")
  strat <- coxph(Surv(dfs_days / 365.25, dfs_event) ~ age_decades + factor(size) + grade + strata(hormonal_therapy), data = c2, ties = "efron")
  list(
    r_calls = list(
      dfs = "summary(survfit(Surv(dfs_days / 365.25, dfs_event) ~ 1, conf.type = ct), times = c(1, 3, 5, 10), extend = FALSE) for ct = 'log-log', 'log', 'plain'",
      median = "summary(fit)$table[c('median', '0.95LCL', '0.95UCL')]",
      os = "summary(survfit(Surv(os_days / 365.25, os_event) ~ 1, conf.type = 'log-log'), times = c(1, 3, 5, 10), extend = FALSE)",
      beyond = "summary(survfit(Surv(dfs_days / 365.25, dfs_event) ~ 1), times = c(5, 25), extend = FALSE)$time (25 is dropped: past the last follow-up)",
      by_group = "survdiff(Surv(t, e) ~ g); summary(survfit(Surv(t, e) ~ g, conf.type = 'log-log'), times = c(1, 3, 5, 10), extend = FALSE) for g = size, hormonal therapy; DFS and OS",
      cumulative_incidence = "summary(survfit(Surv(dfs_days / 365.25, factor(cause, 0:2, c('censored', 'recurrence', 'death'))) ~ 1, conf.type = 'log-log'), times = c(1, 3, 5, 10), extend = FALSE); cause 1 = recurrence (site not recorded), 2 = death without recurrence",
      cox_tests = "summary(coxph(Surv(dfs_days / 365.25, dfs_event) ~ age_decades + factor(size) + grade, ties = 'efron'))$logtest / $sctest; fit$wald.test",
      cox_breslow = "coxph(..., ties = 'breslow')",
      cox_strata = "coxph(Surv(dfs_days / 365.25, dfs_event) ~ age_decades + factor(size) + grade + strata(hormonal_therapy), ties = 'efron')"),
    landmarks = landmarks,
    dfs = list(log_log = km_rows(dfs("log-log")), log = km_rows(dfs("log")), plain = km_rows(dfs("plain")),
      median = median_of(dfs("log-log")), median_log = median_of(dfs("log")), median_plain = median_of(dfs("plain"))),
    os = c(km_rows(os), list(median = median_of(os))),
    last_dfs_time = max(b$dfs_days / 365.25), beyond = list(asked = c(5, 25), returned = I(beyond$time)),
    by_size = list(dfs = by_group(b, "dfs", "size"), os = by_group(b, "os", "size")),
    by_hormonal_therapy = list(dfs = by_group(b, "dfs", "hormonal_therapy"), os = by_group(b, "os", "hormonal_therapy")),
    cumulative_incidence = list(time = cs$time, n_risk = unname(cs$n.risk[, 1]), recurrence = state("recurrence"), death = state("death")),
    cox_tests = list(terms = I(names(coef(cox))), lr = test(sc$logtest), score = test(sc$sctest),
      # summary() rounds the Wald statistic to 2 decimals; the fit holds it unrounded.
      wald = list(statistic = cox$wald.test, df = length(coef(cox)), p = pchisq(cox$wald.test, length(coef(cox)), lower.tail = FALSE)),
      loglik = unname(cox$loglik)),
    cox_breslow = list(coef = unname(coef(breslow)), se = unname(sqrt(diag(vcov(breslow)))), lr = test(summary(breslow)$logtest)),
    cox_strata = list(coef = unname(coef(strat)), se = unname(sqrt(diag(vcov(strat)))), lr = test(summary(strat)$logtest)))
}

reference_for <- function(rows, cox_rows, label) {
  b <- base[rows, ]
  fit <- survfit(Surv(dfs_days / 365.25, dfs_event) ~ 1, data = b, conf.type = "log-log")
  s <- summary(fit, times = c(1, 5, 10), extend = TRUE)
  os <- summary(survfit(Surv(os_days / 365.25, os_event) ~ 1, data = b, conf.type = "log-log"), times = 5)
  c2 <- base[cox_rows, ]
  cox <- coxph(Surv(dfs_days / 365.25, dfs_event) ~ age_decades + factor(size) + grade, data = c2, ties = "efron")
  list(export = label, n = nrow(b), dfs_events = sum(b$dfs_event), patient_ids = I(b$patient_id),
    r_call_km = "summary(survfit(Surv(dfs_days / 365.25, dfs_event) ~ 1, conf.type = 'log-log'), times = c(1, 5, 10), extend = TRUE)",
    dfs = list(time = s$time, surv = s$surv, lower = s$lower, upper = s$upper, n_risk = s$n.risk),
    dfs_median = unname(summary(fit)$table["median"]),
    r_call_os = "summary(survfit(Surv(os_days / 365.25, os_event) ~ 1, conf.type = 'log-log'), times = 5)",
    os5 = list(surv = os$surv, lower = os$lower, upper = os$upper),
    r_call_cox = "coxph(Surv(dfs_days / 365.25, dfs_event) ~ age_decades + factor(size) + grade, ties = 'efron')",
    cox = list(n = cox$n, nevent = cox$nevent, terms = I(names(coef(cox))), coef = unname(coef(cox)),
      se = unname(sqrt(diag(vcov(cox))))),
    report = report_for(b, c2))
}
reference <- list(
  source = "survival::rotterdam, 400 of 2982 rows (set.seed(20250613); sample); see scripts/make-cohort-fixtures.R",
  r_version = R.version.string, survival_version = as.character(packageVersion("survival")),
  time_unit = "years = days / 365.25",
  clean = reference_for(seq_len(400), seq_len(400), "clean"),
  european = reference_for(seq_len(400), seq_len(400), "european"),
  messy = c(reference_for(messy_keep, setdiff(messy_keep, age_missing), "messy"),
    list(expected_problems = expected)))
writeLines(to_json(reference), file.path(out, "rotterdam-reference.json"))
cat("wrote", out, "\n")
