// Tests the plugin's arguments (-fplugin-arg-agen-<arg>): the valid ones are
// accepted silently, anything else is an error that fails the compile.
//
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-no-lower \
// RUN:   -fplugin-arg-agen-enable=agen-context-leak \
// RUN:   -fplugin-arg-agen-disable=agen-context-call-leak \
// RUN:   -fplugin-arg-agen-print-lowered=counter \
// RUN:   -fplugin-arg-agen-context-modifier=ns::Span \
// RUN:   -fsyntax-only %S/Inputs/mention.cpp 2>&1 | count 0
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-disable=agen-context-leak \
// RUN:   -fplugin-arg-agen-enable=agen-context-call-leak \
// RUN:   -fsyntax-only %S/Inputs/mention.cpp 2>&1 | count 0
//
// RUN: not %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-bogus -c %S/Inputs/mention.cpp -o %t.o 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: agen plugin: unknown argument -fplugin-arg-agen-bogus (expected no-lower, print-lowered=<function>, enable=<diagnostic>, disable=<diagnostic> or context-modifier=<type>)
// UNKNOWN: 1 error generated.
// RUN: not %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-no-lower=1 -fsyntax-only %S/Inputs/mention.cpp 2>&1 | FileCheck %s --check-prefix=VALUE
// VALUE: error: agen plugin: unknown argument -fplugin-arg-agen-no-lower=1
//
// RUN: not %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-enable=agen-nonsense -fplugin-arg-agen-disable= -fsyntax-only %S/Inputs/mention.cpp 2>&1 | FileCheck %s --check-prefix=DIAG
// DIAG: error: agen plugin: unknown diagnostic 'agen-nonsense' in -fplugin-arg-agen-enable=agen-nonsense (known: agen-context-leak, agen-context-call-leak)
// DIAG: error: agen plugin: unknown diagnostic '' in -fplugin-arg-agen-disable= (known: agen-context-leak, agen-context-call-leak)
//
// RUN: not %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered= -fsyntax-only %S/Inputs/mention.cpp 2>&1 | FileCheck %s --check-prefix=PRINT
// PRINT: error: agen plugin: -fplugin-arg-agen-print-lowered= needs a function name
//
// RUN: not %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-context-modifier= -fsyntax-only %S/Inputs/mention.cpp 2>&1 | FileCheck %s --check-prefix=MODIFIER
// MODIFIER: error: agen plugin: -fplugin-arg-agen-context-modifier= needs a type name
//
// no-lower: the generators compile natively (same behaviour, see the spec).
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-no-lower %S/Inputs/generators.cpp -o %t.exe 2>&1 | count 0
// RUN: %t.exe | FileCheck %s --check-prefix=NATIVE
// NATIVE: sum 42 line 28
//
// print-lowered prints the lowered source of that generator alone to
// stderr, and the compile goes on.
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=counter -fsyntax-only %S/Inputs/generators.cpp 2> %t.print.err
// RUN: FileCheck %s --check-prefix=PRINTED --input-file=%t.print.err
// PRINTED: // agen: lowered source of 'counter' ({{.*}}generators.cpp:9)
// PRINTED: struct agen_frame { // counter, lowered by agen from generators.cpp:9
// PRINTED-NOT: lowered source of 'single'
