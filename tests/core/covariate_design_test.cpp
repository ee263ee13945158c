// The design matrix of declared covariates on hand-worked data: indicators against the reference
// in R's order (relevel), the default reference (most frequent, ties to the first level), and
// the refusals that name the column.
#include "regression/covariate_design.h"

#include <gtest/gtest.h>

#include "common/core_error.h"

namespace nelm {
namespace {

CovariateColumn grade(std::string reference = "") {
  // levels in factor order; rows: poor, well, moderate, well, poor, well
  return {
      "grade", true, {}, {"moderate", "poor", "well"}, {1, 2, 0, 2, 1, 2}, std::move(reference)};
}

TEST(CovariateDesign, IndicatorsAgainstTheMostFrequentLevel) {
  const CovariateColumn age{"age", false, {61, 70, 55, 48, 66, 59}, {}, {}, ""};
  const CovariateDesign design = expand_covariates({grade(), age});
  EXPECT_EQ(design.terms, (std::vector<std::string>{"grade=moderate", "grade=poor", "age"}));
  EXPECT_EQ(design.columns[0], (std::vector<double>{0, 0, 1, 0, 0, 0}));
  EXPECT_EQ(design.columns[1], (std::vector<double>{1, 0, 0, 0, 1, 0}));
  EXPECT_EQ(design.columns[2], age.values);
  ASSERT_EQ(design.coding.size(), 2u);
  EXPECT_EQ(design.coding[0].reference, "well");  // 3 of 6 rows
  EXPECT_EQ(design.coding[0].levels, (std::vector<std::string>{"well", "moderate", "poor"}));
  EXPECT_EQ(design.coding[0].level_counts, (std::vector<double>{3, 1, 2}));
  EXPECT_EQ(design.sources[1].covariate, "grade");
  EXPECT_EQ(design.sources[1].level, "poor");
  EXPECT_EQ(design.sources[1].reference, "well");
  EXPECT_FALSE(design.coding[1].categorical);
  EXPECT_EQ(design.coding[1].terms, (std::vector<std::string>{"age"}));
}

TEST(CovariateDesign, DeclaredReferenceComesFirstOthersKeepFactorOrder) {
  const CovariateDesign design = expand_covariates({grade("poor")});
  EXPECT_EQ(design.terms, (std::vector<std::string>{"grade=moderate", "grade=well"}));
  EXPECT_EQ(design.coding[0].levels, (std::vector<std::string>{"poor", "moderate", "well"}));
}

TEST(CovariateDesign, TiedCountsGoToTheFirstLevelInFactorOrder) {
  const CovariateColumn tied{"site", true, {}, {"b", "a2", "c"}, {2, 0, 1, 1, 0, 2}, ""};
  // counts b 2, a2 2, c 2: all tied, so the first level in the given (factor) order.
  EXPECT_EQ(most_frequent_level(tied), "b");
}

TEST(CovariateDesign, RefusesASingleLevelAndAnUnknownReference) {
  const CovariateColumn single{"grade", true, {}, {"well"}, {0, 0, 0}, ""};
  try {
    expand_covariates({single});
    FAIL() << "expected a refusal";
  } catch (const CoreError& error) {
    EXPECT_EQ(error.code(), "constant_covariate");
    EXPECT_EQ(error.subject(), "grade");
    EXPECT_NE(std::string(error.what())
                  .find("Column grade has only one level (\"well\") among "
                        "the 3 rows used"),
              std::string::npos);
  }
  EXPECT_THROW(expand_covariates({grade("G4")}), CoreError);
}

}  // namespace
}  // namespace nelm
