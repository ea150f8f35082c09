#include "emit/printer.hpp"

#include <doctest/doctest.h>

#include <stdexcept>

using hawk::codegen::emit::cpp_string_literal;
using hawk::codegen::emit::printer;

TEST_CASE("templates are dedented, variables substituted, callbacks indented") {
    printer p;
    p.emit({{"name", "Foo"},
            {"body",
             [&] {
                 p.emit("int a;\n");
                 p.emit("int b;\n");
             }},
            {"empty", ""}},
           R"cc(
               struct $name$ {
                   $body$
                   $empty$
               };
           )cc");
    CHECK(p.output() == "struct Foo {\n    int a;\n    int b;\n};\n");
}

TEST_CASE("a missing variable is a generator bug") {
    printer p;
    CHECK_THROWS_AS(p.emit("$nope$\n"), std::logic_error);
}

TEST_CASE("model text becomes a safe string literal") {
    CHECK(cpp_string_literal("a\"b\\c\n") == R"("a\"b\\c\n")");
    CHECK(cpp_string_literal("?"
                             "?=") == R"("?\?=")");
    CHECK(cpp_string_literal(std::string("\x01"
                                         "1",
                                         2)) == R"("\0011")");
}
