//===- ContextDiagnostics.cpp - run the context checks --------------------===//
//
// Takes a generator (or every generator of a main file, each template
// instantiation included), builds the CFG of its body and runs the checks of
// CheckContextLeak.cpp and CheckContextCallLeak.cpp over it; produces their
// findings in source order, identical ones merged. Also holds the dataflow
// driver both checks use. Nothing here depends on the lowering: generators
// that cannot be lowered are checked too.
//
//===----------------------------------------------------------------------===//
#include "ContextAnalysis.h"

#include "agen/core/FindGenerators.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <deque>
#include <optional>
#include <set>
#include <tuple>

using namespace clang;

namespace agen::core {

void forEachElementState(
    const CFG &Graph, const llvm::BitVector &Entry,
    llvm::function_ref<void(const CFGElement &, llvm::BitVector &)> Transfer,
    llvm::function_ref<void(const CFGElement &, const llvm::BitVector &)>
        Visit) {
  std::vector<std::optional<llvm::BitVector>> In(Graph.getNumBlockIDs());
  std::vector<bool> Queued(Graph.getNumBlockIDs());
  std::deque<const CFGBlock *> Work;
  const CFGBlock &Start = Graph.getEntry();
  In[Start.getBlockID()] = Entry;
  Work.push_back(&Start);
  Queued[Start.getBlockID()] = true;
  // States only grow and are finite, so this terminates.
  while (!Work.empty()) {
    const CFGBlock *B = Work.front();
    Work.pop_front();
    Queued[B->getBlockID()] = false;
    llvm::BitVector S = *In[B->getBlockID()];
    for (const CFGElement &E : *B)
      Transfer(E, S);
    for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
      const CFGBlock *Next = Succ.getReachableBlock();
      if (!Next)
        continue;
      std::optional<llvm::BitVector> &Into = In[Next->getBlockID()];
      if (Into) {
        llvm::BitVector Old = *Into;
        *Into |= S;
        if (*Into == Old)
          continue;
      } else {
        Into = S;
      }
      if (!Queued[Next->getBlockID()]) {
        Queued[Next->getBlockID()] = true;
        Work.push_back(Next);
      }
    }
  }
  for (const CFGBlock *B : Graph) {
    if (!In[B->getBlockID()])
      continue; // unreachable
    llvm::BitVector S = *In[B->getBlockID()];
    for (const CFGElement &E : *B) {
      Visit(E, S);
      Transfer(E, S);
    }
  }
}

const CoroutineSuspendExpr *asSuspension(const CFGElement &E) {
  std::optional<CFGStmt> S = E.getAs<CFGStmt>();
  return S ? dyn_cast<CoroutineSuspendExpr>(S->getStmt()) : nullptr;
}

llvm::StringRef keyword(const CoroutineSuspendExpr &S) {
  return isa<CoyieldExpr>(S) ? "co_yield" : "co_await";
}

const AnnotateAttr *findAnnotation(const Decl &D, llvm::StringRef Annotation) {
  for (const AnnotateAttr *A : D.specific_attrs<AnnotateAttr>())
    if (A->getAnnotation() == Annotation)
      return A;
  return nullptr;
}

bool isCheckedGenerator(const FunctionDecl &FD) {
  if (!FD.doesThisDeclarationHaveABody() || FD.isDependentContext() ||
      FD.isInvalidDecl())
    return false;
  if (isAnnotatedGenerator(FD))
    return true;
  const FunctionDecl *Pattern = FD.getTemplateInstantiationPattern();
  return Pattern && isAnnotatedGenerator(*Pattern);
}

namespace {

/// Source order of findings; several at one suspension by check name, then
/// message (the order clang-tidy prints them in), then first note.
bool findingBefore(const SourceManager &SM, const ContextFinding &A,
                   const ContextFinding &B) {
  auto Before = [&SM](SourceLocation L, SourceLocation R) {
    return L != R && SM.isBeforeInTranslationUnit(L, R);
  };
  if (A.Loc != B.Loc)
    return Before(A.Loc, B.Loc);
  if (std::tie(A.Check, A.Message) != std::tie(B.Check, B.Message))
    return std::tie(A.Check, A.Message) < std::tie(B.Check, B.Message);
  SourceLocation NA = A.Notes.empty() ? SourceLocation() : A.Notes[0].Loc;
  SourceLocation NB = B.Notes.empty() ? SourceLocation() : B.Notes[0].Loc;
  return Before(NA, NB);
}

void sortFindings(const SourceManager &SM, std::vector<ContextFinding> &F) {
  llvm::sort(F, [&SM](const ContextFinding &A, const ContextFinding &B) {
    return findingBefore(SM, A, B);
  });
}

/// Every function checkMainFileContext looks at: generator definitions and
/// their instantiations (including those of generic lambdas).
class CheckedFunctionFinder
    : public RecursiveASTVisitor<CheckedFunctionFinder> {
public:
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    consider(FD);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *LE) {
    if (FunctionTemplateDecl *T = LE->getDependentCallOperator())
      for (FunctionDecl *Spec : T->specializations())
        consider(Spec);
    else
      consider(LE->getCallOperator());
    return true;
  }

  std::vector<const FunctionDecl *> Found;

private:
  void consider(const FunctionDecl *FD) {
    if (FD && isCheckedGenerator(*FD) && Seen.insert(FD).second)
      Found.push_back(FD);
  }
  llvm::SmallPtrSet<const FunctionDecl *, 16> Seen;
};

} // namespace

FindingKey findingKey(const ContextFinding &F) {
  return {F.Check, F.Loc.getRawEncoding(),
          F.Notes.empty() ? 0 : F.Notes.front().Loc.getRawEncoding()};
}

std::vector<ContextFinding> checkContext(ASTContext &Ctx,
                                         const FunctionDecl &FD,
                                         const ContextCheckOptions &Opts) {
  std::vector<ContextFinding> Out;
  const auto *Coro = dyn_cast_or_null<CoroutineBodyStmt>(FD.getBody());
  if (!Coro || !Coro->getBody() || (!Opts.ContextLeak && !Opts.ContextCallLeak))
    return Out; // not a coroutine: nothing suspends
  CFG::BuildOptions BO;
  BO.setAllAlwaysAdd(); // every co_await/co_yield is an element of its own
  BO.AddImplicitDtors = true;
  BO.AddLifetime = true; // scope ends of locals with trivial destructors too
  std::unique_ptr<CFG> Graph = CFG::buildCFG(&FD, Coro->getBody(), &Ctx, BO);
  if (!Graph)
    return Out;
  ContextInput In{Ctx, FD, *Coro->getBody(), *Graph, Opts};
  if (Opts.ContextLeak)
    checkContextLeak(In, Out);
  if (Opts.ContextCallLeak)
    checkContextCallLeak(In, Out);
  sortFindings(Ctx.getSourceManager(), Out);
  return Out;
}

std::vector<ContextFinding>
checkMainFileContext(ASTContext &Ctx, const ContextCheckOptions &Opts) {
  const SourceManager &SM = Ctx.getSourceManager();
  // Only declarations written in the main file (instantiations of its
  // templates are reached through them): headers hold most of the AST.
  CheckedFunctionFinder Finder;
  for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
    if (SM.isInMainFile(SM.getExpansionLoc(D->getLocation())))
      Finder.TraverseDecl(D);
  std::vector<ContextFinding> Out;
  std::set<FindingKey> Seen;
  for (const FunctionDecl *FD : Finder.Found) {
    if (!SM.isInMainFile(SM.getExpansionLoc(FD->getLocation())))
      continue;
    for (ContextFinding &F : checkContext(Ctx, *FD, Opts))
      if (Seen.insert(findingKey(F)).second)
        Out.push_back(std::move(F));
  }
  sortFindings(SM, Out);
  return Out;
}

} // namespace agen::core
