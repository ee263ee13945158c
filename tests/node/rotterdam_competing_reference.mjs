// R's numbers for the competing-risks parts of the Your cohort report on the rotterdam exports
// (tests/fixtures/cohort), shared by tests/node/cohort_competing_report.test.mjs (the command) and
// tests/browser/cohort-report.test.mjs (the page). R 4.2.2, survival 3.5-3, cmprsk, computed on
// this machine. The R data frame b, from the clean CSV (the European export holds the same rows):
//   b <- read.csv("tests/fixtures/cohort/rotterdam-clean.csv", stringsAsFactors = FALSE)
//   s <- as.Date(b$date_of_surgery)
//   end <- as.Date(ifelse(b$recurrence == "yes", b$date_of_recurrence, b$date_of_last_follow_up))
//   b$dfs <- as.numeric(end - s) / 365.25
//   b$dfs_event <- as.integer(b$recurrence == "yes" | b$vital_status == "dead")
//   b$cause <- ifelse(b$recurrence == "yes", 1, ifelse(b$dfs_event == 1, 2, 0))
//   b$ev <- factor(b$cause, 0:2, c("censored", "recurrence", "death")); b$id <- seq_len(nrow(b))
//   b$size <- factor(b$tumour_size, c("<=20", "20-50", ">50"))
// R: fg <- finegray(Surv(dfs, ev) ~ ., data = b, etype = "recurrence")
//    fc <- coxph(Surv(fgstart, fgstop, fgstatus) ~ age_decades + size + grade + cluster(id), weight = fgwt, data = fg, ties = "efron")
//    coef(fc); sqrt(diag(fc$var)); summary(fc)$coefficients[, "Pr(>|z|)"]; summary(fc)$conf.int; fc$n; fc$wald.test
export const fineGrayR = {
  terms: ['age_decades', 'size20-50', 'size>50', 'grade'],
  coef: [-0.056539811142302179, 0.645028003373117387, 0.961748521355756725, 0.341775519503452418],
  robust_se: [
    0.054418860450712737, 0.156818246923836169, 0.226156981436309829, 0.168965176482442914,
  ],
  model_se: [0.053482342805053588, 0.160349290382103771, 0.219526284372887598, 0.17160385891835267],
  p: [2.9881657183454324e-1, 3.9017764024336157e-5, 2.1133059732365026e-5, 4.3098191094350119e-2],
  lower: [0.8494222914343843, 1.4016777153854003, 1.6794879963508709, 1.01066634309612],
  upper: [1.0513964105450269, 2.5918868382710478, 4.0755595894249543, 1.9599935453544428],
  finegray_rows: 862,
  robust_wald: 31.193694288239797,
};
// R: the same with ties = "breslow": coef(fcb); sqrt(diag(fcb$var))
export const breslowR = {
  coef: [-0.0565416387567216, 0.6449731592941198, 0.96121821825130371, 0.34165144755789423],
  robust_se: [
    0.054403026236873341, 0.156800509271281974, 0.226006988689670812, 0.168938971944967625,
  ],
};
// R: code <- ifelse(b$cause == 1, 3, ifelse(b$cause == 2, 4, 0))  # the page's causes
//    cuminc(b$dfs, code, b$tumour_size)$Tests; cuminc(b$dfs, code, b$hormonal_therapy)$Tests
export const grayR = {
  tumour_size: {
    3: [27.6209267900055906, 1.0050599212885203e-6, 2],
    4: [3.6267312614241889, 1.6310426326840322e-1, 2],
  },
  hormonal_therapy: {
    3: [3.50567645286807217, 0.061158864737067331, 1],
    4: [0.16129426102550798, 0.687967707039607967, 1],
  },
};
// R: s <- summary(survfit(Surv(dfs, ev) ~ size, data = b, conf.type = "log-log"), times = c(1, 3, 5, 10), extend = FALSE)
//    s$pstate[, 2], s$lower[, 2], s$upper[, 2] (recurrence), s$pstate[, 3] (death without recurrence)
export const bySizeR = {
  '<=20': {
    recurrence: [
      0.028735632183908046, 0.18531300387542074, 0.260962510658417302, 0.435358238623438143,
    ],
    lower: [0.010806168546516387, 0.131408492498015617, 0.197962315659814536, 0.344176832669265242],
    upper: [0.061861323884005066, 0.246549291563807171, 0.32817367190688157, 0.522905196694861019],
    death: [0, 0.0058191928294612809, 0.0175045074628149729, 0.0239554302843054956],
  },
  '20-50': {
    recurrence: [
      0.079098569969356478, 0.362200476536185478, 0.489893197929048507, 0.621041689735181701,
    ],
    lower: [0.045365831445169535, 0.291879351433857126, 0.413885666392992457, 0.531709741673130343],
    upper: [0.124799248506610852, 0.432774623834193461, 0.561472620131548861, 0.698207423899501856],
    death: [
      0.0169177732379979587, 0.0225676710929519908, 0.034345069172798337, 0.075614743516676991,
    ],
  },
  '>50': {
    recurrence: [
      0.106382978723404242, 0.531914893617021045, 0.620380739081746624, 0.671572548392256996,
    ],
    lower: [0.039036177453137089, 0.380818811949930391, 0.465368159339645038, 0.513713310361806119],
    upper: [0.212659552765362275, 0.661812518978023623, 0.74231727032113759, 0.788225571213440168],
    death: [0, 0.0212765957446808471, 0.0212765957446808471, 0.1236602143657014596],
  },
};
// R's coefficient names -> the report's terms (size: the tumour-size column's name in the export).
export const termOf = (name, size) =>
  ({
    age_decades: 'age_decades',
    grade: 'grade',
    'size20-50': `${size}=20-50`,
    'size>50': `${size}=>50`,
  })[name];
