// hawk's non-template bodies, compiled once for every fuzz target (and not in the tests, which
// have their own in tests/support/hawk_src.cpp).
#include <hawk/src.hpp>
