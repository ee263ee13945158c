# Benchmark contender: R survival. Times each fit with proc.time() inside R, so R's start-up and
# read.csv are not counted (compute-only), and prints one JSON line for bench/run.mjs.
#   Rscript bench/contenders/r_survival.R DATA.csv km|logrank|cox_efron|cox_breslow RUNS [WARMUP]
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
data <- read.csv(args[1])
op <- args[2]
runs <- as.integer(args[3])
warmup <- if (length(args) >= 4) as.integer(args[4]) else 0L
check_times <- c(100, 500, 1000, 2000)  # days; also in bench/run.mjs

fit_once <- function() {
  if (op == "km") {
    fit <- survfit(Surv(time, event) ~ 1, data = data, conf.type = "log-log")
    at <- summary(fit, times = check_times, extend = TRUE)
    list(surv = at$surv, lower = at$lower, upper = at$upper,
         median = unname(quantile(fit, 0.5)$quantile))
  } else if (op == "logrank") {
    test <- survdiff(Surv(time, event) ~ group, data = data)
    list(chisq = test$chisq, observed = test$obs, expected = test$exp)
  } else {
    ties <- if (op == "cox_efron") "efron" else "breslow"
    fit <- coxph(Surv(time, event) ~ x1 + x2 + x3 + x4 + x5, data = data, ties = ties)
    list(coef = unname(coef(fit)), se = unname(sqrt(diag(fit$var))), loglik = fit$loglik[2],
         concordance = unname(fit$concordance["concordance"]))
  }
}

for (run in seq_len(warmup)) invisible(fit_once())  # not timed
times_ms <- numeric(runs)
cpu_ms <- numeric(runs)  # user + system CPU: steadier than elapsed on a shared machine
cpu_of <- function(time) time[["user.self"]] + time[["sys.self"]]
for (run in seq_len(runs)) {
  start <- proc.time()
  check <- fit_once()
  end <- proc.time()
  times_ms[run] <- 1000 * (end[["elapsed"]] - start[["elapsed"]])
  cpu_ms[run] <- 1000 * (cpu_of(end) - cpu_of(start))
}

number <- function(x) ifelse(is.na(x), "null", sprintf("%.17g", x))
array <- function(x) paste0("[", paste(number(x), collapse = ","), "]")
field <- function(name, x) paste0("\"", name, "\":", if (length(x) == 1 && name %in% c("chisq", "loglik", "median", "concordance")) number(x) else array(x))
check_json <- paste0("{", paste(mapply(field, names(check), check), collapse = ","), "}")
cat(sprintf("{\"contender\":\"R\",\"op\":\"%s\",\"mode\":\"compute\",\"n\":%d,\"times_ms\":%s,\"cpu_ms\":%s,\"check\":%s,\"version\":\"survival %s, %s\"}\n",
            op, nrow(data), array(times_ms), array(cpu_ms), check_json, packageVersion("survival"), R.version.string))
