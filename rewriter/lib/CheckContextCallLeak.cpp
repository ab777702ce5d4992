//===- CheckContextCallLeak.cpp - agen-context-call-leak ------------------===//
//
// Takes the CFG of one generator body and finds the suspension points that a
// call changing thread state reaches without a restoring call on the way.
// Setters come in families (one per piece of state): fesetround;
// fesetenv/feholdexcept/feupdateenv; uselocale; setlocale;
// std::locale::global; and each function marked
// [[clang::annotate("agen::modifies_context")]] (a family of its own, or the
// one named by a second annotation argument, so that e.g. push_span and
// pop_span pair up).
//
// What restores: a call of the same family whose argument is a value saved
// from that family earlier in the body (a local initialized or assigned from
// one of its calls, e.g. `int old = fegetround(); ... fesetround(old)`,
// `locale_t old = uselocale(l); ... uselocale(old)`, a `std::locale` default
// constructed (a copy of the global one), an environment filled by
// fegetenv(&env) or feholdexcept(&env); `.c_str()` and `&` are looked
// through). Such a call is a restore on every path, also where nothing was
// changed. Any other setter call is the change when its family is untouched
// on the path and the restore when it was changed (agen cannot know the
// value: `fesetround(FE_UPWARD) ... fesetround(FE_TONEAREST)` counts as
// restored). Queries are neither: uselocale with a null locale, setlocale
// with a null name.
//
// The dataflow state has one bit per setter call ("its change may still be
// in effect") and one per family ("the family may be untouched here"), so a
// call reached from a changed and from an untouched path is both.
//
//===----------------------------------------------------------------------===//
#include "ContextAnalysis.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"

#include <optional>

using namespace clang;

namespace agen::core {
namespace {

/// A family of setters: the state they change and how to restore it.
struct Family {
  std::string Key;
  std::string What;    ///< "the floating-point rounding mode"
  std::string Restore; ///< advice, e.g. "call 'fesetround' again with ..."
};

struct BuiltinFunction {
  llvm::StringLiteral Name;
  unsigned Family;                  ///< index into BuiltinFamilies
  bool Sets;                        ///< changes the state (else only reads it)
  bool SavesThroughPointer = false; ///< fegetenv(&env) saves into env
};

// The built-in families (std::locale::global is matched separately).
const Family BuiltinFamilies[] = {
    {"fesetround", "the floating-point rounding mode",
     "call 'fesetround' again with the mode 'fegetround' returned before"},
    {"fenv", "the floating-point environment",
     "call 'fesetenv' or 'feupdateenv' with the environment saved by "
     "'fegetenv' or 'feholdexcept'"},
    {"uselocale", "the thread's locale",
     "call 'uselocale' again with the locale it returned"},
    {"setlocale", "the global C locale",
     "call 'setlocale' again with a copy of the name it returned"},
    {"std::locale::global", "the global C++ locale",
     "call 'std::locale::global' again with the locale it returned"},
};
constexpr BuiltinFunction BuiltinFunctions[] = {
    {"fesetround", 0, true},         {"fegetround", 0, false},
    {"fesetenv", 1, true},           {"feupdateenv", 1, true},
    {"feholdexcept", 1, true, true}, {"fegetenv", 1, false, true},
    {"uselocale", 2, true},          {"setlocale", 3, true},
};
constexpr unsigned LocaleGlobalFamily = 4;

bool isNull(const ASTContext &Ctx, const Expr *E) {
  return E &&
         E->IgnoreParenCasts()->isNullPointerConstant(
             const_cast<ASTContext &>(Ctx), Expr::NPC_ValueDependentIsNotNull);
}

bool isStdLocale(const CXXRecordDecl *RD) {
  return RD && RD->isInStdNamespace() && RD->getIdentifier() &&
         RD->getName() == "locale";
}

/// A string literal argument of an annotation, if any.
std::optional<std::string> annotationArgument(const AnnotateAttr &A) {
  for (const Expr *E : A.args())
    if (const auto *S = dyn_cast<StringLiteral>(E->IgnoreParenImpCasts()))
      return S->getString().str();
  return std::nullopt;
}

/// A call of a function of some family.
struct FamilyCall {
  Family F;
  bool Sets = false;
  bool SavesThroughPointer = false;
};

std::optional<FamilyCall> classify(const ASTContext &Ctx, const CallExpr &C) {
  const FunctionDecl *FD = C.getDirectCallee();
  if (!FD || !FD->getIdentifier())
    return std::nullopt;
  if (const AnnotateAttr *A = findAnnotation(*FD, ModifiesContextAnnotation)) {
    std::string Fn = FD->getQualifiedNameAsString();
    if (std::optional<std::string> Name = annotationArgument(*A))
      return FamilyCall{
          {"annotated:" + *Name, "the thread context",
           "call the function of family '" + *Name + "' that undoes it"},
          true};
    return FamilyCall{{"annotated:" + Fn, "the thread context",
                       "call '" + Fn + "' again with the value saved before"},
                      true};
  }
  llvm::StringRef Name = FD->getName();
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
    if (MD->isStatic() && Name == "global" && isStdLocale(MD->getParent()))
      return FamilyCall{BuiltinFamilies[LocaleGlobalFamily], true};
    return std::nullopt;
  }
  const DeclContext *DC = FD->getDeclContext()->getRedeclContext();
  if (!DC->isTranslationUnit() && !FD->isInStdNamespace())
    return std::nullopt;
  for (const BuiltinFunction &B : BuiltinFunctions) {
    if (B.Name != Name)
      continue;
    bool Query = (Name == "uselocale" && C.getNumArgs() == 1 &&
                  isNull(Ctx, C.getArg(0))) ||
                 (Name == "setlocale" && C.getNumArgs() == 2 &&
                  isNull(Ctx, C.getArg(1)));
    return FamilyCall{BuiltinFamilies[B.Family], B.Sets && !Query,
                      B.SavesThroughPointer};
  }
  return std::nullopt;
}

/// The local \p E names, looking through `&v`, `v.c_str()`, `v.data()`.
const VarDecl *namedVar(const Expr *E) {
  while (E) {
    E = E->IgnoreImplicit()->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E);
        U && U->getOpcode() == UO_AddrOf) {
      E = U->getSubExpr();
    } else if (const auto *M = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *MD = M->getMethodDecl();
      if (!MD || !MD->getIdentifier() ||
          (MD->getName() != "c_str" && MD->getName() != "data"))
        return nullptr;
      E = M->getImplicitObjectArgument();
    } else if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      const auto *VD = dyn_cast<VarDecl>(Ref->getDecl());
      return VD && VD->hasLocalStorage() ? VD : nullptr;
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

class CallLeakAnalysis {
public:
  CallLeakAnalysis(const ContextInput &In, std::vector<ContextFinding> &Out)
      : In(In), Out(Out) {}

  void run() {
    collectSaved(&In.Body);
    for (const CFGBlock *B : In.Graph)
      for (const CFGElement &E : *B)
        if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
          if (const auto *C = dyn_cast<CallExpr>(S->getStmt()))
            consider(*C);
    if (Calls.empty())
      return;

    // Bits [0, calls): the call's change may be in effect;
    // bits [calls, calls + families): the family may be untouched.
    llvm::BitVector Entry(Calls.size() + Families.size());
    Entry.set(Calls.size(), Entry.size());
    forEachElementState(
        In.Graph, Entry,
        [this](const CFGElement &E, llvm::BitVector &S) { transfer(E, S); },
        [this](const CFGElement &E, const llvm::BitVector &S) {
          if (const CoroutineSuspendExpr *Susp = asSuspension(E))
            for (unsigned I = 0; I < Calls.size(); ++I)
              if (S.test(I))
                report(*Susp, Calls[I]);
        });
  }

private:
  struct SetterCall {
    const CallExpr *Call;
    unsigned Family; ///< index into Families
    bool Restores;   ///< passes a value saved from its family
  };

  /// Records the locals that hold a value saved from a family.
  void collectSaved(const Stmt *S) {
    if (!S || isa<LambdaExpr>(S))
      return;
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->getInit())
          savedFrom(VD, VD->getInit());
    } else if (const auto *BO = dyn_cast<BinaryOperator>(S);
               BO && BO->getOpcode() == BO_Assign) {
      if (const VarDecl *VD = namedVar(BO->getLHS()))
        savedFrom(VD, BO->getRHS());
    } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S);
               OC && OC->getOperator() == OO_Equal && OC->getNumArgs() == 2) {
      if (const VarDecl *VD = namedVar(OC->getArg(0)))
        savedFrom(VD, OC->getArg(1));
    } else if (const auto *C = dyn_cast<CallExpr>(S)) {
      if (std::optional<FamilyCall> FC = classify(In.Ctx, *C);
          FC && FC->SavesThroughPointer)
        for (const Expr *A : C->arguments())
          if (const auto *U = dyn_cast<UnaryOperator>(A->IgnoreParenImpCasts());
              U && U->getOpcode() == UO_AddrOf)
            if (const VarDecl *VD = namedVar(U))
              Saved.push_back({VD, FC->F.Key});
    }
    for (const Stmt *Child : S->children())
      collectSaved(Child);
  }

  /// \p VD saves what a call of a family in \p E returns.
  void savedFrom(const VarDecl *VD, const Stmt *E) {
    if (!E || isa<LambdaExpr>(E))
      return;
    if (const auto *C = dyn_cast<CallExpr>(E))
      if (std::optional<FamilyCall> FC = classify(In.Ctx, *C))
        Saved.push_back({VD, FC->F.Key});
    // A default-constructed std::locale is a copy of the global one.
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
        CE && CE->getNumArgs() == 0 &&
        isStdLocale(CE->getConstructor()->getParent()))
      Saved.push_back({VD, BuiltinFamilies[LocaleGlobalFamily].Key});
    for (const Stmt *Child : E->children())
      savedFrom(VD, Child);
  }

  bool isSaved(const VarDecl *VD, llvm::StringRef Key) const {
    return VD && llvm::is_contained(Saved, std::make_pair(VD, Key.str()));
  }

  void consider(const CallExpr &C) {
    if (CallIndex.count(&C))
      return;
    std::optional<FamilyCall> FC = classify(In.Ctx, C);
    if (!FC || !FC->Sets)
      return;
    // feholdexcept(&env) saves into env: its argument is no saved value.
    bool Restores = !FC->SavesThroughPointer &&
                    llvm::any_of(C.arguments(), [&](const Expr *A) {
                      return isSaved(namedVar(A), FC->F.Key);
                    });
    unsigned FI = 0;
    while (FI < Families.size() && Families[FI].Key != FC->F.Key)
      ++FI;
    if (FI == Families.size())
      Families.push_back(std::move(FC->F));
    CallIndex[&C] = Calls.size();
    Calls.push_back({&C, FI, Restores});
  }

  unsigned untouched(unsigned Family) const { return Calls.size() + Family; }

  void transfer(const CFGElement &E, llvm::BitVector &S) {
    std::optional<CFGStmt> CS = E.getAs<CFGStmt>();
    auto It = CS ? CallIndex.find(CS->getStmt()) : CallIndex.end();
    if (It == CallIndex.end())
      return;
    const SetterCall &C = Calls[It->second];
    unsigned F = C.Family;
    if (C.Restores) {
      for (unsigned I = 0; I < Calls.size(); ++I)
        if (Calls[I].Family == F)
          S.reset(I);
      S.set(untouched(F));
      return;
    }
    bool WasUntouched = S.test(untouched(F));
    bool WasChanged = false;
    for (unsigned I = 0; I < Calls.size(); ++I)
      if (Calls[I].Family == F && S.test(I)) {
        WasChanged = true;
        S.reset(I);
      }
    // On a changed path this call restores; on an untouched one it changes.
    S[untouched(F)] = WasChanged;
    S[It->second] = WasUntouched;
  }

  void report(const CoroutineSuspendExpr &Susp, const SetterCall &C) {
    const Family &F = Families[C.Family];
    llvm::StringRef Kw = keyword(Susp);
    std::string Callee = C.Call->getDirectCallee()->getQualifiedNameAsString();
    ContextFinding Finding;
    Finding.Check = ContextCallLeakCheck;
    Finding.Loc = Susp.getKeywordLoc();
    Finding.Message = (Kw + " while " + F.What + " set by '" + Callee +
                       "' is not restored leaks thread context across the "
                       "suspension")
                          .str();
    Finding.Notes.push_back({C.Call->getBeginLoc(),
                             "'" + Callee + "' changes " + F.What +
                                 " here, and a path reaches the " + Kw.str() +
                                 " without restoring it",
                             {}});
    Finding.Notes.push_back(
        {Susp.getKeywordLoc(),
         "restore it before the " + Kw.str() + " (" + F.Restore +
             "), or keep the change in a context guard whose on_suspend() and "
             "on_resume() undo and redo it",
         {}});
    Out.push_back(std::move(Finding));
  }

  const ContextInput &In;
  std::vector<ContextFinding> &Out;
  std::vector<Family> Families;
  std::vector<SetterCall> Calls;
  llvm::DenseMap<const Stmt *, unsigned> CallIndex;
  std::vector<std::pair<const VarDecl *, std::string>> Saved; ///< local, family
};

} // namespace

void checkContextCallLeak(const ContextInput &In,
                          std::vector<ContextFinding> &Out) {
  CallLeakAnalysis(In, Out).run();
}

} // namespace agen::core
