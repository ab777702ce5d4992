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

#include "agen/core/FindGenerators.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace agen::core {

bool LowerResult::hasErrors() const {
  for (const LowerDiagnostic &D : Diagnostics)
    if (D.Severity == LowerDiagnostic::Level::Error)
      return true;
  return false;
}

LowerResult lowerMainFile(ASTContext &Ctx, const LowerOptions &Opts) {
  const SourceManager &SM = Ctx.getSourceManager();
  LowerResult R;
  R.Text = SM.getBufferData(SM.getMainFileID()).str();
  DiagnosticSink Diags(SM);
  std::vector<Edit> Bodies;

  for (const GeneratorInfo &G : findGenerators(Ctx)) {
    if (!G.InMainFile)
      continue;
    if (G.IsLambda) {
      Diags.error(G.Loc, "agen cannot lower a lambda marked AGEN_GENERATOR "
                         "yet; make it a named function");
      continue;
    }
    unsigned Before = Diags.errorCount(); // each generator reports its own
    GeneratorModel M = analyzeGenerator(Ctx, *G.Decl, Diags);
    if (Diags.errorCount() != Before || !M.Body)
      continue;
    Lowerer L(Ctx, M, Diags, Opts);
    std::string Body = L.lowerBody();
    if (Body.empty() || Diags.errorCount() != Before)
      continue;
    unsigned Begin = L.offsetOf(M.Body->getLBracLoc());
    unsigned End = L.offsetOf(M.Body->getRBracLoc()) + 1;
    Bodies.push_back({Begin, End, Body + L.lineAtOffset(End)});
    unsigned DeclBegin = L.offsetOf(G.Decl->getBeginLoc());
    for (const Attr *A : G.Decl->attrs()) // AGEN_GENERATOR may come first
      if (A->getLocation().isValid())
        DeclBegin = std::min(DeclBegin, L.offsetOf(A->getLocation()));
    llvm::StringRef Orig = SM.getBufferData(SM.getMainFileID());
    R.Functions.push_back(
        {G.Name, G.QualifiedName, Orig.slice(DeclBegin, Begin).str() + Body});
  }

  R.Diagnostics = Diags.take();
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
    DiagnosticsEngine::Level L = D.Severity == LowerDiagnostic::Level::Error
                                     ? DiagnosticsEngine::Error
                                 : D.Severity == LowerDiagnostic::Level::Warning
                                     ? DiagnosticsEngine::Warning
                                     : DiagnosticsEngine::Note;
    Engine.Report(D.Loc, Engine.getCustomDiagID(L, "%0")) << D.Message;
  }
}

} // namespace agen::core
