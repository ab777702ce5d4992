//===- Lowering.cpp - lower a translation unit's generators ---------------===//
//
// The core's entry point: finds the AGEN_GENERATOR definitions of the main
// file, analyses and lowers each, and splices the new bodies into the
// original text. Only function bodies change (plus a #line directive after
// each, so what follows keeps its line numbers). Any error leaves the text
// untouched.
//
//===----------------------------------------------------------------------===//
#include "agen/core/Lowering.h"

#include "GeneratorModel.h"
#include "Lowerer.h"

#include "agen/core/ContextDiagnostics.h"
#include "agen/core/FindGenerators.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticFrontend.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace agen::core {

bool LowerResult::hasErrors() const {
  for (const LowerDiagnostic &D : Diagnostics)
    if (D.Severity == LowerDiagnostic::Level::Error)
      return true;
  return false;
}

std::vector<LowerDiagnostic> checkMainFile(ASTContext &Ctx,
                                           const LowerOptions &Opts) {
  auto Enabled = [&Opts](llvm::StringRef Name) { // on unless switched off
    auto It = Opts.DiagnosticSwitches.find(Name.str());
    return It == Opts.DiagnosticSwitches.end() || It->second;
  };
  ContextCheckOptions Checks{Opts.ContextChecks && Enabled(ContextLeakCheck),
                             Opts.ContextChecks &&
                                 Enabled(ContextCallLeakCheck),
                             Opts.ContextModifiers};
  DiagnosticSink Diags(Ctx.getSourceManager());
  for (const ContextFinding &F : checkMainFileContext(Ctx, Checks)) {
    Diags.warning(F.Loc, F.Message + " [" + F.Check.str() + "]");
    for (const ContextNote &N : F.Notes)
      Diags.note(N.Loc, N.Message);
  }
  return Diags.take();
}

LowerResult lowerMainFile(ASTContext &Ctx, const LowerOptions &Opts,
                          const MacroRecorder *Macros) {
  const SourceManager &SM = Ctx.getSourceManager();
  LowerResult R;
  R.Text = SM.getBufferData(SM.getMainFileID()).str();
  DiagnosticSink Diags(SM);
  std::vector<Edit> Bodies;

  // Annotated functions that are not coroutines have nothing to lower: one
  // that forwards another generator, or agen's own output (which keeps the
  // annotation, so lowering is idempotent).
  std::vector<GeneratorInfo> Generators = findGenerators(Ctx);
  llvm::erase_if(Generators, [](const GeneratorInfo &G) {
    return !G.InMainFile ||
           !isa_and_nonnull<CoroutineBodyStmt>(G.Decl->getBody());
  });
  if (Macros) {
    std::vector<unsigned> Invocations;
    for (const GeneratorInfo &G : Generators)
      llvm::append_range(Invocations,
                         macroInvocationsToWriteOut(SM, *G.Decl->getBody()));
    if (!Invocations.empty())
      if ((R.Expanded = Macros->writeOut(R.Text, Invocations))) {
        R.Diagnostics = checkMainFile(Ctx, Opts);
        return R;
      }
  }

  std::vector<SourceRange> Outer; // bodies of the generators lowered so far
  for (const GeneratorInfo &G : Generators) {
    // Generators come in source order, so an enclosing one was seen first.
    if (llvm::any_of(Outer, [&](SourceRange R) {
          return SM.isPointWithin(G.Loc, R.getBegin(), R.getEnd());
        })) {
      Diags.error(G.Loc, "agen cannot lower a generator lambda inside another "
                         "AGEN_GENERATOR function yet; move it out");
      continue;
    }
    if (const Stmt *B = G.Decl->getBody())
      Outer.push_back(B->getSourceRange());
    unsigned Before = Diags.errorCount(); // each generator reports its own
    GeneratorModel M = analyzeGenerator(Ctx, *G.Decl, Diags);
    if (Diags.errorCount() != Before || !M.Body)
      continue;
    Lowerer L(Ctx, M, Diags, Opts);
    std::string Body = L.lowerBody();
    if (Body.empty() || Diags.errorCount() != Before)
      continue;
    std::vector<Edit> Signature = L.signatureEdits();
    if (Diags.errorCount() != Before)
      continue;
    llvm::append_range(Bodies, Signature);
    unsigned Begin = L.offsetOf(M.Body->getLBracLoc());
    unsigned End = L.offsetOf(M.Body->getRBracLoc()) + 1;
    Bodies.push_back({Begin, End, Body + L.lineAtOffset(End)});
    unsigned DeclBegin = L.offsetOf(G.Decl->getBeginLoc());
    for (const Attr *A : G.Decl->attrs()) // AGEN_GENERATOR may come first
      if (A->getLocation().isValid())
        DeclBegin = std::min(DeclBegin, L.offsetOf(A->getLocation()));
    R.Functions.push_back(
        {G.Name, G.QualifiedName, L.text(DeclBegin, Begin, Signature) + Body});
  }

  // The checks' warnings first: they do not depend on the lowering.
  R.Diagnostics = checkMainFile(Ctx, Opts);
  llvm::append_range(R.Diagnostics, Diags.take());
  if (R.hasErrors() || Bodies.empty())
    return R;
  std::string Out;
  unsigned At = 0;
  llvm::StringRef Orig = SM.getBufferData(SM.getMainFileID());
  for (const Edit &E : Bodies) {
    Out += Orig.slice(At, E.Begin);
    Out += E.Text;
    At = E.End;
  }
  Out += Orig.substr(At);
  R.Text = std::move(Out);
  R.Changed = true;
  return R;
}

void reportDiagnostics(DiagnosticsEngine &Engine,
                       const std::vector<LowerDiagnostic> &Diags) {
  for (const LowerDiagnostic &D : Diags) {
    // The plugin's IDs: warnings in -Wbackend-plugin, so -Werror, -w and
    // pragmas treat them the same in agen-rewrite and in the plugin.
    unsigned ID = D.Severity == LowerDiagnostic::Level::Error
                      ? diag::err_fe_backend_plugin
                  : D.Severity == LowerDiagnostic::Level::Warning
                      ? diag::warn_fe_backend_plugin
                      : diag::note_fe_backend_plugin;
    Engine.Report(D.Loc, ID) << D.Message;
  }
}

} // namespace agen::core
