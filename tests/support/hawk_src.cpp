// hawk's non-template bodies, compiled once for all tests (what a consumer does in one TU).
#include <hawk/src.hpp>
