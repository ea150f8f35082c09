// hawk's non-template bodies (signing, endpoints, patterns, the client), compiled once.
#include <hawk/src.hpp>
