// nelm-calc: the JSON contract from the shell. Reads one request from a file (or stdin when no
// file or "-" is given), prints the response envelope. Exit status 0 for ok, 1 for a refusal.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include "api.h"

namespace {

int print_usage() {
  std::cerr << "usage: nelm-calc [request.json | -]\n"
               "       nelm-calc --version\n"
               "Reads a JSON request ({\"op\": ..., \"data\": {...}}) and prints the JSON "
               "response. See docs/api.md.\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 2) return print_usage();
  const std::string argument = argc == 2 ? argv[1] : "-";
  if (argument == "--help" || argument == "-h") return print_usage();
  if (argument == "--version") {
    std::cout << nelm::api::version() << '\n';
    return 0;
  }
  std::string request;
  if (argument == "-") {
    request.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream file(argument, std::ios::binary);
    if (!file) {
      std::cerr << "nelm-calc: cannot read " << argument << '\n';
      return 2;
    }
    std::ostringstream contents;
    contents << file.rdbuf();
    request = contents.str();
  }
  const std::string response = nelm::api::calculate(request);
  std::cout << response << '\n';
  return response.rfind("{\"ok\":true", 0) == 0 ? 0 : 1;
}
