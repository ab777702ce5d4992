//===- agen/core/FindGenerators.h - locate AGEN_GENERATOR functions -------===//
//
// First stage of the agen core: find every function definition annotated with
// [[clang::annotate("agen::generator")]] (what AGEN_GENERATOR expands to) in a
// translation unit. Shared by agen-rewrite and agen-plugin.
//
//===----------------------------------------------------------------------===//
#ifndef AGEN_CORE_FINDGENERATORS_H
#define AGEN_CORE_FINDGENERATORS_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace agen::core {

/// The annotation AGEN_GENERATOR attaches (pinned by the spec).
inline constexpr llvm::StringLiteral GeneratorAnnotation = "agen::generator";

/// One annotated generator definition.
struct GeneratorInfo {
  /// The defining declaration (for a function template: the templated pattern).
  const clang::FunctionDecl *Decl = nullptr;
  /// Expansion location of the function's name (of the introducer for a
  /// lambda); where diagnostics about the generator as a whole point.
  clang::SourceLocation Loc;
  std::string Name;          ///< e.g. "lines"
  std::string QualifiedName; ///< e.g. "net::Reader::lines"
  std::string File;          ///< presumed file name (honours #line)
  unsigned Line = 0;         ///< presumed line of the function's name
  unsigned Column = 0;       ///< presumed column of the function's name
  bool IsMember = false;     ///< non-static member function (has `this`)
  bool IsStaticMember = false;
  bool IsTemplate = false; ///< function template or member of a class template
  bool IsLambda = false;   ///< call operator of a lambda
  bool InMainFile = false; ///< defined in the main file (not in a header)
};

/// True if \p FD, or a redeclaration it inherits attributes from, carries the
/// agen::generator annotation.
bool isAnnotatedGenerator(const clang::FunctionDecl &FD);

/// All annotated generator definitions of the translation unit in \p Ctx, in
/// translation-unit order. Declarations without a body are skipped; a
/// template is reported once (its pattern), never per implicit
/// instantiation; explicit specializations are reported as the separate
/// definitions they are.
std::vector<GeneratorInfo> findGenerators(clang::ASTContext &Ctx);

} // namespace agen::core

#endif // AGEN_CORE_FINDGENERATORS_H
