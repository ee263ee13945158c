# A minimal JSON writer for the reference scripts (jsonlite is not installed on the build
# machines): numbers with 17 significant digits (they parse back to R's doubles), NA/NaN/Inf
# as null, named lists as objects, unnamed lists and vectors of length != 1 as arrays,
# matrices as arrays of rows. Scalars (length 1, unnamed) are written bare.
json_number <- function(x) {
  ifelse(is.finite(x), trimws(formatC(x, digits = 17, format = "g")), "null")
}
json_string <- function(x) {
  x <- gsub("\\\\", "\\\\\\\\", x)
  x <- gsub("\"", "\\\\\"", x)
  paste0("\"", x, "\"")
}
to_json <- function(x, scalar = TRUE) {
  if (is.null(x)) return("null")
  if (is.matrix(x)) {
    rows <- vapply(seq_len(nrow(x)), function(i) to_json(unname(x[i, ]), scalar = FALSE), "")
    return(paste0("[", paste(rows, collapse = ","), "]"))
  }
  if (is.list(x)) {
    if (!is.null(names(x))) {
      items <- vapply(names(x), function(n) paste0(json_string(n), ":", to_json(x[[n]])), "")
      return(paste0("{", paste(items, collapse = ","), "}"))
    }
    return(paste0("[", paste(vapply(x, to_json, ""), collapse = ","), "]"))
  }
  if (!is.null(names(x)) && length(x) > 0) {
    return(to_json(as.list(x)))
  }
  values <- if (is.character(x) || is.factor(x)) json_string(as.character(x))
            else if (is.logical(x)) ifelse(is.na(x), "null", ifelse(x, "true", "false"))
            else json_number(as.double(x))
  if (scalar && length(x) == 1) return(values)
  paste0("[", paste(values, collapse = ","), "]")
}
write_json_file <- function(x, path) writeLines(to_json(x), path)

# CSV as the shared reference sets write it: 15 significant digits when that parses back to
# the same double, otherwise 17; no quoting (no field holds a comma).
write_reference_csv <- function(frame, path) {
  cells <- lapply(frame, function(column) {
    if (!is.numeric(column)) return(as.character(column))
    short <- formatC(column, digits = 15, format = "g")
    long <- formatC(column, digits = 17, format = "g")
    trimws(ifelse(as.numeric(short) == column, short, long))
  })
  lines <- c(paste(names(frame), collapse = ","), do.call(paste, c(cells, sep = ",")))
  writeLines(lines, path)
}
