//===- agen/core/Lowering.h - lower a translation unit's generators -------===//
//
// The entry point both front ends call: given the AST of a main file, lower
// every AGEN_GENERATOR function defined in it and return the new text of the
// main file. Everything outside the annotated functions is copied byte for
// byte. Problems come back as data (not through the DiagnosticsEngine) so a
// front end that parsed a private copy of the file (the plugin) can re-report
// them against its own SourceManager, by file offset.
//
//===----------------------------------------------------------------------===//
#ifndef AGEN_CORE_LOWERING_H
#define AGEN_CORE_LOWERING_H

#include "agen/core/MacroExpansion.h"

#include "clang/Basic/SourceLocation.h"

#include <map>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class DiagnosticsEngine;
class SourceManager;
} // namespace clang

namespace agen::core {

struct LowerOptions {
  /// Emit `#line` directives so diagnostics and debug info point at the
  /// original source lines.
  bool LineDirectives = true;
  /// The file name those directives give the main file, when not the name
  /// the compiler read it by: agen-rewrite passes the name as typed, so
  /// __FILE__ in the lowered source is what a native compile of it gives.
  std::string MainFileName;
  /// Per-diagnostic switches by name ("agen-context-leak",
  /// "agen-context-call-leak"): true turns the diagnostic on, false off. Names
  /// not listed keep their default. Set by the plugin's enable=/disable=
  /// arguments.
  std::map<std::string, bool> DiagnosticSwitches;
  /// More context-modifier classes for agen-context-leak, by qualified name
  /// without template arguments (the plugin's context-modifier= argument).
  std::vector<std::string> ContextModifiers;
  /// Run the context checks (off when lowering an ExpandedSource: the first
  /// pass reported them at the places as written).
  bool ContextChecks = true;
};

/// One problem found while lowering.
struct LowerDiagnostic {
  enum class Level { Error, Warning, Note };
  Level Severity = Level::Error;
  std::string Message;
  clang::SourceLocation Loc; ///< in the lowered AST's SourceManager
  /// Offset of Loc in the main file, when it is in the main file: lets a
  /// front end that parsed a copy of the file find the same place.
  unsigned MainFileOffset = 0;
  bool InMainFile = false;
};

/// One generator as lowered: its declaration as written with the new body.
struct LoweredFunction {
  std::string Name;          ///< e.g. "lines"
  std::string QualifiedName; ///< e.g. "net::Reader::lines"
  std::string Text;
};

struct LowerResult {
  /// The lowered main file (the original text when nothing was annotated).
  std::string Text;
  /// At least one generator was lowered: Text differs from the input.
  bool Changed = false;
  std::vector<LowerDiagnostic> Diagnostics;
  /// Each lowered generator on its own, for front ends that show it.
  std::vector<LoweredFunction> Functions;
  /// Set when a generator's body needs macro invocations written out first:
  /// nothing was lowered; parse this text as the main file and lower again.
  std::optional<ExpandedSource> Expanded;

  bool hasErrors() const;
};

/// Lowers every annotated generator defined in the main file of \p Ctx.
/// Generators in headers are left alone (they are lowered where their own
/// file is the main file). On error, Text is the original text and Changed is
/// false: nothing partial is ever produced. With \p Macros (the recorder of
/// this parse), invocations the lowering would have to edit inside are
/// written out instead (LowerResult::Expanded); without it they are errors.
LowerResult lowerMainFile(clang::ASTContext &Ctx, const LowerOptions &Opts,
                          const MacroRecorder *Macros = nullptr);

/// The warnings lowerMainFile reports besides lowering errors: the context
/// checks (agen/core/ContextDiagnostics.h) on every generator of the main
/// file, as enabled by \p Opts. For front ends that do not lower.
std::vector<LowerDiagnostic> checkMainFile(clang::ASTContext &Ctx,
                                           const LowerOptions &Opts);

/// Reports \p Diags through \p Engine, at their locations (which must belong
/// to the SourceManager \p Engine reports against).
void reportDiagnostics(clang::DiagnosticsEngine &Engine,
                       const std::vector<LowerDiagnostic> &Diags);

} // namespace agen::core

#endif // AGEN_CORE_LOWERING_H
