//===- FindGenerators.cpp - locate AGEN_GENERATOR functions ---------------===//
//
// Walks a translation unit with a RecursiveASTVisitor and collects the
// definitions that carry the agen::generator annotation: free functions,
// member and static member functions, function templates, members of class
// templates and lambda call operators. Template instantiations are not
// visited, so each template appears once, as written.
//
//===----------------------------------------------------------------------===//
#include "agen/core/FindGenerators.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTLambda.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <numeric>

using namespace clang;

namespace agen::core {

bool isAnnotatedGenerator(const FunctionDecl &FD) {
  // Inherited attributes are copied onto later redeclarations, so an
  // annotation on a prior declaration is visible on the definition too.
  return llvm::any_of(FD.specific_attrs<AnnotateAttr>(),
                      [](const AnnotateAttr *A) {
                        return A->getAnnotation() == GeneratorAnnotation;
                      });
}

namespace {

class GeneratorFinder : public RecursiveASTVisitor<GeneratorFinder> {
public:
  explicit GeneratorFinder(ASTContext &Ctx) : Ctx(Ctx) {}

  bool shouldVisitTemplateInstantiations() const { return false; }
  bool shouldVisitImplicitCode() const { return false; }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (!isLambdaCallOperator(FD))
      consider(*FD, FD->getLocation(), /*IsLambda=*/false);
    return true;
  }

  // Without implicit code the visitor does not enter a lambda's class, so the
  // call operator is picked up from the expression instead.
  bool VisitLambdaExpr(LambdaExpr *LE) {
    if (CXXMethodDecl *Op = LE->getCallOperator())
      consider(*Op, LE->getBeginLoc(), /*IsLambda=*/true);
    return true;
  }

  std::vector<GeneratorInfo> take() { return std::move(Found); }

private:
  void consider(const FunctionDecl &FD, SourceLocation NameLoc, bool IsLambda) {
    if (!FD.doesThisDeclarationHaveABody() || FD.isDeleted() ||
        FD.isDefaulted() || FD.isTemplateInstantiation())
      return;
    if (!isAnnotatedGenerator(FD) || !Seen.insert(&FD).second)
      return;

    const SourceManager &SM = Ctx.getSourceManager();
    GeneratorInfo G;
    G.Decl = &FD;
    G.Loc = SM.getExpansionLoc(NameLoc);
    G.Name = IsLambda ? "operator()" : FD.getNameAsString();
    G.QualifiedName = IsLambda ? lambdaName(FD) : qualifiedName(FD);
    if (PresumedLoc PL = SM.getPresumedLoc(G.Loc); PL.isValid()) {
      G.File = PL.getFilename();
      G.Line = PL.getLine();
      G.Column = PL.getColumn();
    }
    if (const auto *MD = dyn_cast<CXXMethodDecl>(&FD)) {
      G.IsStaticMember = MD->isStatic();
      G.IsMember = !MD->isStatic() && !IsLambda;
    }
    G.IsTemplate = FD.isTemplated();
    G.IsLambda = IsLambda;
    G.InMainFile = SM.isInMainFile(G.Loc);
    Found.push_back(std::move(G));
  }

  // "ns::S::f", with template arguments for explicit specializations
  // ("ns::f<int>"), so a specialization is told apart from its template.
  std::string qualifiedName(const FunctionDecl &FD) const {
    std::string S;
    llvm::raw_string_ostream OS(S);
    FD.getNameForDiagnostic(OS, Ctx.getPrintingPolicy(), /*Qualified=*/true);
    return S;
  }

  // "lambda in ns::f" (or "lambda at file:line:col" outside any function).
  std::string lambdaName(const FunctionDecl &Op) const {
    const DeclContext *DC = Op.getParent()->getParent();
    while (DC && !isa<FunctionDecl>(DC) && !isa<TranslationUnitDecl>(DC))
      DC = DC->getParent();
    if (const auto *Enclosing = dyn_cast_or_null<FunctionDecl>(DC))
      return "lambda in " + qualifiedName(*Enclosing);
    std::string S = "lambda";
    if (PresumedLoc PL = Ctx.getSourceManager().getPresumedLoc(
            Ctx.getSourceManager().getExpansionLoc(Op.getLocation()));
        PL.isValid())
      S += " at " + std::string(PL.getFilename()) + ":" +
           std::to_string(PL.getLine()) + ":" + std::to_string(PL.getColumn());
    return S;
  }

  ASTContext &Ctx;
  llvm::SmallPtrSet<const FunctionDecl *, 16> Seen;
  std::vector<GeneratorInfo> Found;
};

} // namespace

std::vector<GeneratorInfo> findGenerators(ASTContext &Ctx) {
  GeneratorFinder Finder(Ctx);
  Finder.TraverseAST(Ctx);
  std::vector<GeneratorInfo> Found = Finder.take();

  // Traversal order is declaration order; sort into translation-unit order
  // (invalid locations last), ties kept in traversal order. Sorting indices
  // because std::stable_sort trips a libstdc++ 12 deprecation under Clang.
  const SourceManager &SM = Ctx.getSourceManager();
  auto Before = [&SM](const GeneratorInfo &A, const GeneratorInfo &B) {
    if (A.Loc.isInvalid() || B.Loc.isInvalid())
      return A.Loc.isValid() && B.Loc.isInvalid();
    return A.Loc != B.Loc && SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
  };
  std::vector<size_t> Order(Found.size());
  std::iota(Order.begin(), Order.end(), size_t{0});
  std::ranges::sort(Order, [&](size_t L, size_t R) {
    if (Before(Found[L], Found[R]))
      return true;
    if (Before(Found[R], Found[L]))
      return false;
    return L < R;
  });
  std::vector<GeneratorInfo> Result;
  Result.reserve(Found.size());
  for (size_t I : Order)
    Result.push_back(std::move(Found[I]));
  return Result;
}

} // namespace agen::core
