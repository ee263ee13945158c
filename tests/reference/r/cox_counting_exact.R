# R references for Cox with exact ties and with counting-process (start, stop] data.
# Run from the repository root:  Rscript tests/reference/r/cox_counting_exact.R
# Writes tests/reference/{heart,cgd,veteran_months}.csv and {heart,cgd,cox_exact_extra}.json.
# Every block records the R call that produced it ("call"); the tests name the block they read.
# R 4.2.2, survival 3.5-3 (checked below). Numbers are written with 17 significant digits.
suppressPackageStartupMessages(library(survival))
stopifnot(packageVersion("survival") == "3.5.3")
source("tests/reference/r/json_writer.R")
out <- "tests/reference"

test_block <- function(statistic, df) {
  list(statistic = unname(statistic), df = unname(df),
       p = pchisq(unname(statistic), unname(df), lower.tail = FALSE))
}

# The fields of a fit, named as in the shared reference README. `call` is the R text.
fit_block <- function(fit, call) {
  df <- length(coef(fit))
  se <- sqrt(diag(fit$var))
  b <- list(call = call, n = fit$n, nevent = fit$nevent, iter = fit$iter,
            terms = as.list(names(coef(fit))), coef = coef(fit), se = setNames(se, names(coef(fit))),
            var = unname(fit$var), means = fit$means,
            loglik_null = fit$loglik[1], loglik = fit$loglik[2],
            lr_test = test_block(2 * diff(fit$loglik), df),
            wald_test = test_block(fit$wald.test, df),
            score_test = test_block(fit$score, df),
            concordance = list(concordance = unname(fit$concordance["concordance"]),
                               std = unname(fit$concordance["std"]),
                               concordant = unname(fit$concordance["concordant"]),
                               discordant = unname(fit$concordance["discordant"]),
                               tied_x = unname(fit$concordance["tied.x"]),
                               tied_y = unname(fit$concordance["tied.y"]),
                               tied_xy = unname(fit$concordance["tied.xy"])))
  if (!is.null(fit$naive.var)) {
    b$se <- setNames(sqrt(diag(fit$naive.var)), names(coef(fit)))
    b$var <- unname(fit$naive.var)
    b$wald_test <- NULL  # coxph's wald.test is then the robust one
    b$robust <- list(se = setNames(se, names(coef(fit))), var = unname(fit$var),
                     wald_test = test_block(fit$wald.test, df),
                     robust_score_test = test_block(fit$rscore, df))
  }
  b
}

zph_block <- function(fit) {
  lapply(c(km = "km", identity = "identity"), function(transform) {
    z <- cox.zph(fit, transform = transform)
    list(rows = rownames(z$table), chisq = unname(z$table[, "chisq"]),
         df = unname(z$table[, "df"]), p = unname(z$table[, "p"]))
  })
}

curve_block <- function(s, call) {
  list(call = call, time = s$time, n_risk = s$n.risk, n_event = s$n.event,
       n_censor = s$n.censor, surv = s$surv, std_err_log = s$std.err,
       lower = s$lower, upper = s$upper, cumhaz = s$cumhaz)
}

## --- Stanford heart transplant (survival::heart), transplant as a time-varying covariate ---
heart_data <- data.frame(start = heart$start, stop = heart$stop, event = heart$event,
                         age = heart$age, year = heart$year, surgery = heart$surgery,
                         transplant = as.numeric(as.character(heart$transplant)), id = heart$id)
write_reference_csv(heart_data, file.path(out, "heart.csv"))
heart_json <- list(description = "survival::heart, transplant (0/1) switching on at transplant",
                   r_version = R.version.string,
                   survival_version = as.character(packageVersion("survival")))
formula_text <- "Surv(start, stop, event) ~ age + surgery + transplant"
new_profile <- data.frame(age = -5, surgery = 1, transplant = 1)
path <- data.frame(start = c(0, 30, 200), stop = c(30, 200, 1800), event = 0,
                   age = -5, surgery = 1, transplant = c(0, 1, 1), id = 1)
for (ties in c("efron", "breslow", "exact")) {
  call <- sprintf('coxph(%s, data = heart_data, ties = "%s")', formula_text, ties)
  fit <- eval(parse(text = call))
  b <- fit_block(fit, call)
  if (ties != "exact") {  # agexact.fit's result has no class: cox.zph and survfit refuse it
    b$cox_zph <- zph_block(fit)
    b$predict <- curve_block(survfit(fit, newdata = new_profile),
                             "survfit(fit, newdata = data.frame(age = -5, surgery = 1, transplant = 1))")
    b$path <- curve_block(survfit(fit, newdata = path, id = id),
                          paste("survfit(fit, newdata = data.frame(start = c(0, 30, 200),",
                                "stop = c(30, 200, 1800), event = 0, age = -5, surgery = 1,",
                                "transplant = c(0, 1, 1), id = 1), id = id)"))
  }
  heart_json[[ties]] <- b
  call <- sprintf('coxph(%s + cluster(id), data = heart_data, ties = "%s")', formula_text, ties)
  fit <- eval(parse(text = call))
  b <- fit_block(fit, call)
  if (ties != "exact") {
    b$predict <- curve_block(survfit(fit, newdata = new_profile),
                             "survfit(fit, newdata = data.frame(age = -5, surgery = 1, transplant = 1))")
  }
  heart_json[[paste0(ties, "_cluster")]] <- b
}
# Case weights on (start, stop] data (agreg.fit takes them; exact ties do not): w = 1 + id %% 3.
heart_data$w <- 1 + heart_data$id %% 3
call <- sprintf("coxph(%s, data = heart_data, weights = w)", formula_text)
fit <- eval(parse(text = call))
b <- fit_block(fit, call)
b$weight <- heart_data$w
b$cox_zph <- zph_block(fit)
b$predict <- curve_block(survfit(fit, newdata = new_profile),
                         "survfit(fit, newdata = data.frame(age = -5, surgery = 1, transplant = 1))")
heart_json$efron_weighted <- b
call <- sprintf("coxph(%s + cluster(id), data = heart_data, weights = w, ties = \"breslow\")",
                formula_text)
heart_json$breslow_weighted_cluster <- fit_block(eval(parse(text = call)), call)
heart_data$w <- NULL
# coxph(..., id = id) here: no subject has two events, so R's default is robust = FALSE.
fit <- coxph(Surv(start, stop, event) ~ age + surgery + transplant, data = heart_data, id = id)
heart_json$id_default_is_robust <- !is.null(fit$naive.var)
write_json_file(heart_json, file.path(out, "heart.json"))

## --- Chronic granulomatous disease (survival::cgd): recurrent infections, strata, id ---
cgd_data <- data.frame(id = cgd$id, tstart = cgd$tstart, tstop = cgd$tstop, status = cgd$status,
                       treat = as.numeric(cgd$treat == "rIFN-g"),
                       female = as.numeric(cgd$sex == "female"), age = cgd$age,
                       steroids = cgd$steroids, propylac = cgd$propylac,
                       hos_cat = gsub(" ", "_", as.character(cgd$hos.cat)))
write_reference_csv(cgd_data, file.path(out, "cgd.csv"))
cgd_json <- list(description = "survival::cgd, recurrent infections; several events per id",
                 r_version = R.version.string,
                 survival_version = as.character(packageVersion("survival")))
cgd_formula <- "Surv(tstart, tstop, status) ~ treat + female + age + steroids + propylac"
for (ties in c("efron", "breslow", "exact")) {
  # id with several events per subject: R's default is robust = TRUE, clustered by id.
  call <- sprintf('coxph(%s + strata(hos_cat), data = cgd_data, id = id, ties = "%s")',
                  cgd_formula, ties)
  fit <- eval(parse(text = call))
  b <- fit_block(fit, call)
  if (ties != "exact") {
    b$cox_zph <- zph_block(fit)
    s <- survfit(fit, newdata = data.frame(treat = 1, female = 0, age = 12, steroids = 0,
                                           propylac = 1, hos_cat = "US:NIH"))
    b$predict <- curve_block(s, paste("survfit(fit, newdata = data.frame(treat = 1, female = 0,",
                                      "age = 12, steroids = 0, propylac = 1, hos_cat = \"US:NIH\"))"))
    cgd_path <- data.frame(tstart = c(0, 100), tstop = c(100, 400), status = 0, treat = c(0, 1),
                           female = 0, age = 12, steroids = 0, propylac = 1,
                           hos_cat = "US:other", id = 1)
    b$path <- curve_block(survfit(fit, newdata = cgd_path, id = id),
                          paste("survfit(fit, newdata = data.frame(tstart = c(0, 100), tstop =",
                                "c(100, 400), status = 0, treat = c(0, 1), female = 0, age = 12,",
                                "steroids = 0, propylac = 1, hos_cat = \"US:other\", id = 1),",
                                "id = id)"))
  }
  cgd_json[[ties]] <- b
}
call <- sprintf('coxph(%s, data = cgd_data, id = id, robust = FALSE)', cgd_formula)
cgd_json$efron_model_based <- fit_block(eval(parse(text = call)), call)
write_json_file(cgd_json, file.path(out, "cgd.json"))

## --- Exact ties, right-censored: heavy ties, strata, and a hand-worked tie of three ---
veteran_months <- data.frame(time = ceiling(veteran$time / 30), status = veteran$status,
                             karno = veteran$karno, age = veteran$age,
                             trt = veteran$trt, prior = veteran$prior)
write_reference_csv(veteran_months, file.path(out, "veteran_months.csv"))
extra <- list(r_version = R.version.string,
              survival_version = as.character(packageVersion("survival")))
call <- 'coxph(Surv(time, status) ~ karno + age + trt + prior, data = veteran_months, ties = "exact")'
fit <- eval(parse(text = call))
extra$veteran_months <- fit_block(fit, call)
extra$veteran_months$max_tied_deaths <- max(table(veteran_months$time[veteran_months$status == 1]))
extra$veteran_months$cox_zph <- zph_block(fit)
extra$veteran_months$predict <- curve_block(
  survfit(fit, newdata = data.frame(karno = 60, age = 60, trt = 1, prior = 0)),
  "survfit(fit, newdata = data.frame(karno = 60, age = 60, trt = 1, prior = 0))")
lung_data <- read.csv(file.path(out, "lung.csv"))
call <- 'coxph(Surv(time, status) ~ age + ph_ecog + strata(sex), data = lung_data, ties = "exact")'
fit <- eval(parse(text = call))
extra$lung_strata <- fit_block(fit, call)
extra$lung_strata$cox_zph <- zph_block(fit)
tiny <- data.frame(time = c(1, 1, 1, 2, 3), status = c(1, 1, 1, 1, 0), x = c(1, 0, 0, 1, 0))
call <- 'coxph(Surv(time, status) ~ x, data = tiny, ties = "exact")'
extra$three_tied_deaths <- fit_block(eval(parse(text = call)), call)
three <- data.frame(start = c(0, 2, 5, 0, 1, 4), stop = c(2, 5, 7, 3, 6, 8),
                    event = c(0, 0, 1, 1, 1, 0), x = c(0, 1, 0, 0, 1, 0), id = c(1, 1, 1, 2, 3, 4))
call <- 'coxph(Surv(start, stop, event) ~ x, data = three)'
extra$three_intervals <- fit_block(eval(parse(text = call)), call)
write_json_file(extra, file.path(out, "cox_exact_extra.json"))
