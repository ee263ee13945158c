// Picks a compile-time width for a loop over a row of covariates: the usual model sizes (1 to 8)
// get code unrolled for their width, any other size the general code (width 0).
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

namespace nelm {

inline constexpr std::size_t kLargestUnrolledWidth = 8;

namespace detail {
template <typename Body, std::size_t... Index>
void call_with_width(std::size_t width, Body& body, std::index_sequence<Index...>) {
  const bool unrolled =
      ((width == Index + 1 && (body(std::integral_constant<std::size_t, Index + 1>{}), true)) ||
       ...);
  if (!unrolled) body(std::integral_constant<std::size_t, 0>{});
}
}  // namespace detail

// Calls body(std::integral_constant<std::size_t, W>{}) with W = width for widths 1 to 8, W = 0
// otherwise.
template <typename Body>
void with_unrolled_width(std::size_t width, Body&& body) {
  detail::call_with_width(width, body, std::make_index_sequence<kLargestUnrolledWidth>{});
}

}  // namespace nelm
