// SHA-256 as specified in FIPS 180-4, section 6.2 (one pass, 64-byte blocks, big-endian words).
#include "numerics/sha256.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace nelm {
namespace {

// FIPS 180-4, 4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64
// primes.
constexpr std::array<std::uint32_t, 64> round_constants = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

std::uint32_t rotate_right(std::uint32_t value, int bits) {
  return (value >> bits) | (value << (32 - bits));
}

// FIPS 180-4, 6.2.2: the message schedule and the 64 rounds for one block.
void compress(std::array<std::uint32_t, 8>& state, const unsigned char* block) {
  std::array<std::uint32_t, 64> schedule{};
  for (std::size_t t = 0; t < 16; ++t) {
    schedule[t] = (std::uint32_t{block[4 * t]} << 24) | (std::uint32_t{block[4 * t + 1]} << 16) |
                  (std::uint32_t{block[4 * t + 2]} << 8) | std::uint32_t{block[4 * t + 3]};
  }
  for (int t = 16; t < 64; ++t) {
    const std::uint32_t s0 = rotate_right(schedule[t - 15], 7) ^
                             rotate_right(schedule[t - 15], 18) ^ (schedule[t - 15] >> 3);
    const std::uint32_t s1 = rotate_right(schedule[t - 2], 17) ^ rotate_right(schedule[t - 2], 19) ^
                             (schedule[t - 2] >> 10);
    schedule[t] = schedule[t - 16] + s0 + schedule[t - 7] + s1;
  }
  std::array<std::uint32_t, 8> work = state;
  for (int t = 0; t < 64; ++t) {
    const std::uint32_t big_sigma1 =
        rotate_right(work[4], 6) ^ rotate_right(work[4], 11) ^ rotate_right(work[4], 25);
    const std::uint32_t choose = (work[4] & work[5]) ^ (~work[4] & work[6]);
    const std::uint32_t temporary1 =
        work[7] + big_sigma1 + choose + round_constants[t] + schedule[t];
    const std::uint32_t big_sigma0 =
        rotate_right(work[0], 2) ^ rotate_right(work[0], 13) ^ rotate_right(work[0], 22);
    const std::uint32_t majority = (work[0] & work[1]) ^ (work[0] & work[2]) ^ (work[1] & work[2]);
    const std::uint32_t temporary2 = big_sigma0 + majority;
    for (int k = 7; k > 0; --k) work[k] = work[k - 1];
    work[4] += temporary1;
    work[0] = temporary1 + temporary2;
  }
  for (int k = 0; k < 8; ++k) state[k] += work[k];
}

}  // namespace

std::string sha256_hex(const std::string& bytes) {
  // FIPS 180-4, 5.3.3: the initial hash value.
  std::array<std::uint32_t, 8> state = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  // FIPS 180-4, 5.1.1: append 0x80, zeros to 56 mod 64 bytes, then the bit length (64-bit BE).
  std::string message = bytes;
  const std::uint64_t bit_length = static_cast<std::uint64_t>(bytes.size()) * 8u;
  message.push_back(static_cast<char>(0x80));
  while (message.size() % 64 != 56) message.push_back('\0');
  for (int shift = 56; shift >= 0; shift -= 8) {
    message.push_back(static_cast<char>((bit_length >> shift) & 0xffu));
  }
  const auto* data = reinterpret_cast<const unsigned char*>(message.data());
  for (std::size_t offset = 0; offset < message.size(); offset += 64)
    compress(state, data + offset);
  static const char digits[] = "0123456789abcdef";
  std::string hex;
  for (std::uint32_t word : state) {
    for (int shift = 28; shift >= 0; shift -= 4) hex.push_back(digits[(word >> shift) & 0xfu]);
  }
  return hex;
}

}  // namespace nelm
