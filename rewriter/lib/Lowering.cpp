//===- Lowering.cpp - lower a translation unit's generators ---------------===//
#include "agen/core/Lowering.h"

#include "agen/core/FindGenerators.h"

#include "clang/AST/ASTContext.h"
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

LowerResult lowerMainFile(ASTContext &Ctx, const LowerOptions &) {
  const SourceManager &SM = Ctx.getSourceManager();
  LowerResult R;
  R.Text = SM.getBufferData(SM.getMainFileID()).str();
  for (const GeneratorInfo &G : findGenerators(Ctx)) {
    if (!G.InMainFile)
      continue;
    LowerDiagnostic D;
    D.Message = "lowering of annotated generators is not implemented yet";
    D.Loc = G.Loc;
    R.Diagnostics.push_back(D);
    break;
  }
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
