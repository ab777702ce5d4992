//===- CheckContextLeak.cpp - agen-context-leak ---------------------------===//
//
// Takes the CFG of one generator body and finds the suspension points at
// which a context modifier may be live: a local (or by-value parameter) of a
// class that changes thread state while alive and has no on_suspend()/
// on_resume() members to undo that around a suspension. Modifiers are
// std::lock_guard, std::scoped_lock, std::unique_lock, std::shared_lock,
// classes marked AGEN_CONTEXT_MODIFIER and the configured type names (each
// also through a base class).
//
// A forward dataflow tracks, per modifier, "may be active" (from its
// declaration to its destructor or scope end) and, for unique_lock and
// shared_lock, "may be unlocked" (after unlock(), release(), std::move, or a
// defer_lock/try_to_lock constructor). A lock unlocked on every path is not
// reported; one held on every path gets a fix-it (on a note, since the
// suspending statement then runs without the lock) that unlocks it around the
// statement.
//
//===----------------------------------------------------------------------===//
#include "ContextAnalysis.h"
#include "GeneratorModel.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"

#include <optional>

using namespace clang;

namespace agen::core {
namespace {

enum class ModifierKind {
  Lock,     ///< std::lock_guard, std::scoped_lock: held for the whole scope
  Lockable, ///< std::unique_lock, std::shared_lock: may be unlocked early
  Marked,   ///< AGEN_CONTEXT_MODIFIER or a configured type name
};

std::optional<ModifierKind> modifierKind(const CXXRecordDecl *RD,
                                         const ContextCheckOptions &Opts) {
  if (!RD || !(RD = RD->getDefinition()))
    return std::nullopt;
  if (RD->isInStdNamespace() && RD->getIdentifier()) {
    llvm::StringRef N = RD->getName();
    if (N == "scoped_lock")
      if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
          Spec && Spec->getTemplateArgs().size() == 1 &&
          Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Pack &&
          Spec->getTemplateArgs()[0].pack_size() == 0)
        return std::nullopt; // std::scoped_lock<> locks nothing
    if (N == "lock_guard" || N == "scoped_lock")
      return ModifierKind::Lock;
    if (N == "unique_lock" || N == "shared_lock")
      return ModifierKind::Lockable;
  }
  if (findAnnotation(*RD, ModifiesContextAnnotation))
    return ModifierKind::Marked;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    if (findAnnotation(*Spec->getSpecializedTemplate()->getTemplatedDecl(),
                       ModifiesContextAnnotation))
      return ModifierKind::Marked;
  if (!Opts.ModifierTypes.empty()) {
    std::string Name = RD->getQualifiedNameAsString();
    for (llvm::StringRef T : Opts.ModifierTypes)
      if (T.trim().ltrim(':') == Name)
        return ModifierKind::Marked;
  }
  for (const CXXBaseSpecifier &B : RD->bases())
    if (std::optional<ModifierKind> K =
            modifierKind(B.getType()->getAsCXXRecordDecl(), Opts))
      return K;
  return std::nullopt;
}

/// A local or by-value parameter whose type is a context modifier.
struct Modifier {
  const VarDecl *Var = nullptr;
  ModifierKind Kind = ModifierKind::Marked;
  std::string Type; ///< as printed in messages
};

/// How a unique_lock/shared_lock declaration starts out.
enum class InitialLock { Held, Unlocked, Unknown };

bool isStdTag(QualType T, llvm::StringRef Name) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && RD->isInStdNamespace() && RD->getIdentifier() &&
         RD->getName() == Name;
}

InitialLock initialLock(const VarDecl &VD) {
  const Expr *Init = VD.getInit();
  const auto *Construct =
      Init ? dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit()) : nullptr;
  if (!Construct)
    return InitialLock::Unknown;
  if (Construct->getNumArgs() == 0)
    return InitialLock::Unlocked; // owns no mutex
  for (const Expr *A : Construct->arguments()) {
    if (isStdTag(A->getType(), "defer_lock_t"))
      return InitialLock::Unlocked;
    if (isStdTag(A->getType(), "try_to_lock_t"))
      return InitialLock::Unknown;
  }
  // Moved from another lock: holds whatever that one held.
  if (Construct->getConstructor()->isMoveConstructor())
    return InitialLock::Unknown;
  return InitialLock::Held;
}

const VarDecl *referencedVar(const Expr *E) {
  const auto *Ref =
      E ? dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()) : nullptr;
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

bool isStdMove(const CallExpr &Call) {
  const FunctionDecl *F = Call.getDirectCallee();
  return F && F->isInStdNamespace() && F->getIdentifier() &&
         F->getName() == "move" && Call.getNumArgs() == 1;
}

/// The lock \p VD is move-constructed from (`auto b = std::move(a);`).
const VarDecl *movedFrom(const VarDecl &VD) {
  const Expr *Init = VD.getInit();
  const auto *Construct =
      Init ? dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit()) : nullptr;
  if (!Construct || Construct->getNumArgs() != 1 ||
      !Construct->getConstructor()->isMoveConstructor())
    return nullptr;
  const auto *Call = dyn_cast<CallExpr>(Construct->getArg(0)->IgnoreImplicit());
  return Call && isStdMove(*Call) ? referencedVar(Call->getArg(0)) : nullptr;
}

bool mentions(const Stmt *S, const VarDecl *VD) {
  if (!S)
    return false;
  if (referencedVar(dyn_cast<Expr>(S)) == VD)
    return true;
  if (isa<LambdaExpr>(S))
    return llvm::any_of(cast<LambdaExpr>(S)->capture_inits(),
                        [VD](const Expr *E) { return mentions(E, VD); });
  return llvm::any_of(S->children(),
                      [VD](const Stmt *C) { return mentions(C, VD); });
}

/// Finds the statement that directly belongs to a compound statement and
/// contains \p Target; returns whether \p S contains \p Target.
bool findStatement(const Stmt *S, const Stmt *Target, const Stmt *&Found) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (S == Target)
    return true;
  if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
    for (const Stmt *C : CS->body())
      if (findStatement(C, Target, Found)) {
        if (!Found)
          Found = C;
        return true;
      }
    return false;
  }
  return llvm::any_of(S->children(), [&](const Stmt *C) {
    return findStatement(C, Target, Found);
  });
}

class LeakAnalysis {
public:
  LeakAnalysis(const ContextInput &In, std::vector<ContextFinding> &Out)
      : In(In), Out(Out) {}

  void run() {
    for (const ParmVarDecl *P : In.Fn.parameters())
      consider(P);
    for (const CFGBlock *B : In.Graph)
      for (const CFGElement &E : *B)
        if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
          if (const auto *DS = dyn_cast<DeclStmt>(S->getStmt()))
            for (const Decl *D : DS->decls())
              if (const auto *VD = dyn_cast<VarDecl>(D);
                  VD && VD->hasLocalStorage())
                consider(VD);
    if (Mods.empty())
      return;

    // Bits [0, N): may be active; bits [N, 2N): may be unlocked.
    llvm::BitVector Entry(2 * Mods.size());
    for (unsigned I = 0; I < Mods.size(); ++I)
      if (isa<ParmVarDecl>(Mods[I].Var)) {
        Entry.set(I);
        Entry.set(unlocked(I)); // the caller may hand in an unlocked lock
      }
    forEachElementState(
        In.Graph, Entry,
        [this](const CFGElement &E, llvm::BitVector &S) { transfer(E, S); },
        [this](const CFGElement &E, const llvm::BitVector &S) {
          if (const CoroutineSuspendExpr *Susp = asSuspension(E))
            for (unsigned I = 0; I < Mods.size(); ++I)
              if (S.test(I) && inScope(*Mods[I].Var, *Susp))
                report(*Susp, Mods[I], /*SurelyHeld=*/!S.test(unlocked(I)));
        });
  }

private:
  void consider(const VarDecl *VD) {
    QualType T = VD->getType();
    if (T->isReferenceType() || T->isDependentType() || isGuardType(T) ||
        indexOf(VD))
      return;
    std::optional<ModifierKind> K =
        modifierKind(T->getAsCXXRecordDecl(), In.Opts);
    if (!K)
      return;
    Mods.push_back({VD, *K,
                    T.getCanonicalType().getUnqualifiedType().getAsString(
                        In.Ctx.getPrintingPolicy())});
  }

  std::optional<unsigned> indexOf(const VarDecl *VD) const {
    auto It =
        llvm::find_if(Mods, [VD](const Modifier &M) { return M.Var == VD; });
    if (!VD || It == Mods.end())
      return std::nullopt;
    return unsigned(It - Mods.begin());
  }
  unsigned unlocked(unsigned I) const { return Mods.size() + I; }

  void set(llvm::BitVector &S, unsigned I, bool Active, bool Unlocked) {
    S[I] = Active;
    S[unlocked(I)] = Unlocked;
  }

  void transfer(const CFGElement &E, llvm::BitVector &S) {
    const VarDecl *Ended = nullptr;
    if (auto D = E.getAs<CFGAutomaticObjDtor>())
      Ended = D->getVarDecl();
    else if (auto L = E.getAs<CFGLifetimeEnds>())
      Ended = L->getVarDecl();
    if (Ended) {
      if (std::optional<unsigned> I = indexOf(Ended))
        set(S, *I, false, false);
      return;
    }
    std::optional<CFGStmt> CS = E.getAs<CFGStmt>();
    if (!CS)
      return;
    const Stmt *St = CS->getStmt();
    if (const auto *DS = dyn_cast<DeclStmt>(St)) {
      for (const Decl *D : DS->decls())
        if (std::optional<unsigned> I = indexOf(dyn_cast<VarDecl>(D))) {
          InitialLock L = Mods[*I].Kind == ModifierKind::Lockable
                              ? initialLock(*Mods[*I].Var)
                              : InitialLock::Held;
          set(S, *I, L != InitialLock::Unlocked, L != InitialLock::Held);
          // Moved from a lock: whatever that one held before the move.
          if (LastMove && Mods[*I].Kind == ModifierKind::Lockable &&
              movedFrom(*Mods[*I].Var) == Mods[LastMove->Index].Var)
            set(S, *I, LastMove->Active, LastMove->Unlocked);
        }
      return;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(St)) {
      std::optional<unsigned> I =
          indexOf(referencedVar(MC->getImplicitObjectArgument()));
      const CXXMethodDecl *M = MC->getMethodDecl();
      if (!I || Mods[*I].Kind != ModifierKind::Lockable || !M ||
          !M->getIdentifier())
        return;
      llvm::StringRef N = M->getName();
      if (N == "unlock" || N == "release")
        set(S, *I, false, true);
      else if (N == "lock")
        set(S, *I, true, false);
      else if (N.starts_with("try_lock"))
        set(S, *I, true, true);
      return;
    }
    // std::move(lk) hands the lock to someone else.
    if (const auto *Call = dyn_cast<CallExpr>(St); Call && isStdMove(*Call))
      if (std::optional<unsigned> I = indexOf(referencedVar(Call->getArg(0))))
        if (Mods[*I].Kind == ModifierKind::Lockable) {
          LastMove = {*I, S.test(*I), S.test(unlocked(*I))};
          set(S, *I, false, true);
        }
  }

  void report(const CoroutineSuspendExpr &Susp, const Modifier &M,
              bool SurelyHeld) {
    llvm::StringRef Kw = keyword(Susp);
    std::string Name =
        M.Var->getName().empty() ? "(unnamed)" : M.Var->getNameAsString();
    bool IsLock = M.Kind != ModifierKind::Marked;
    bool IsParam = isa<ParmVarDecl>(M.Var);
    ContextFinding F;
    F.Check = ContextLeakCheck;
    F.Loc = Susp.getKeywordLoc();
    F.Message = (Kw + " while '" + M.Type + "' " +
                 (IsLock ? "lock '" + Name + "' is held"
                         : "context modifier '" + Name + "' is live") +
                 " leaks thread context across the suspension")
                    .str();
    std::string Holds =
        IsLock ? "holds the lock" : "changes the thread's context";
    F.Notes.push_back(
        {M.Var->getLocation(),
         IsParam ? "parameter '" + Name + "' " + Holds + " for the whole body"
                 : "'" + Name + "' " + Holds + " until the end of its scope",
         {}});
    std::string Hint =
        IsParam
            ? std::string(IsLock ? "lock" : "create the modifier") +
                  " inside the body, in a scope that ends before the " +
                  Kw.str()
            : "end the scope of '" + Name + "' before the " + Kw.str() + ": " +
                  (Kw == "co_yield"
                       ? "compute the value inside the scope and co_yield "
                         "it after the scope"
                       : "do the work that needs it inside the scope and "
                         "co_await after the scope");
    if (!IsLock)
      Hint += ", or give '" + M.Type +
              "' on_suspend() and on_resume() members (a context guard)";
    F.Notes.push_back({Susp.getKeywordLoc(), Hint, {}});
    if (M.Kind == ModifierKind::Lockable && SurelyHeld)
      if (std::optional<ContextNote> Fix = unlockAround(Susp, *M.Var))
        F.Notes.push_back(std::move(*Fix));
    Out.push_back(std::move(F));
  }

  /// `lk.unlock();` before the statement that suspends and `lk.lock();`
  /// after it, when that statement is a plain expression or declaration
  /// statement in a block that does not itself use the lock.
  std::optional<ContextNote> unlockAround(const CoroutineSuspendExpr &Susp,
                                          const VarDecl &Lock) {
    const Stmt *St = nullptr;
    findStatement(&In.Body, &Susp, St);
    if (!St || !(isa<Expr>(St) || isa<DeclStmt>(St)) || mentions(St, &Lock) ||
        Lock.getName().empty())
      return std::nullopt;
    const SourceManager &SM = In.Ctx.getSourceManager();
    const LangOptions &LO = In.Ctx.getLangOpts();
    SourceLocation Begin = St->getBeginLoc();
    SourceLocation After =
        isa<DeclStmt>(St)
            ? Lexer::getLocForEndOfToken(St->getEndLoc(), 0, SM, LO)
            : Lexer::findLocationAfterToken(St->getEndLoc(), tok::semi, SM, LO,
                                            /*SkipTrailingWhitespace=*/false);
    if (Begin.isInvalid() || After.isInvalid() || Begin.isMacroID() ||
        After.isMacroID())
      return std::nullopt;
    std::string Name = Lock.getNameAsString();
    return ContextNote{
        Susp.getKeywordLoc(),
        "unlock '" + Name + "' for the " + keyword(Susp).str() +
            " (its operand then runs without the lock)",
        {FixItHint::CreateInsertion(Begin, Name + ".unlock(); "),
         FixItHint::CreateInsertion(After, " " + Name + ".lock();")}};
  }

  /// Whether a suspension can be inside \p VD's life: not outside the
  /// statement whose scope it belongs to. (The CFG has no edge for a throw,
  /// so a lock in a `try` whose body throws would seem held after the
  /// handler.)
  bool inScope(const VarDecl &VD, const Expr &Susp) {
    if (isa<ParmVarDecl>(VD))
      return true;
    const SourceManager &SM = In.Ctx.getSourceManager();
    for (DynTypedNodeList P = In.Ctx.getParents(VD); !P.empty();
         P = In.Ctx.getParents(P[0]))
      if (const Stmt *Scope = P[0].get<Stmt>();
          Scope && isa<CompoundStmt, ForStmt, IfStmt, WhileStmt, SwitchStmt,
                       CXXForRangeStmt, CXXCatchStmt>(Scope))
        return SM.isPointWithin(SM.getExpansionLoc(Susp.getBeginLoc()),
                                SM.getExpansionLoc(Scope->getBeginLoc()),
                                SM.getExpansionLoc(Scope->getEndLoc()));
    return true;
  }

  struct Move {
    unsigned Index;
    bool Active, Unlocked;
  };

  const ContextInput &In;
  std::vector<ContextFinding> &Out;
  std::vector<Modifier> Mods;
  /// The lock std::move last took, and its state just before: the state of
  /// the lock a declaration then move-constructs from it.
  std::optional<Move> LastMove;
};

} // namespace

void checkContextLeak(const ContextInput &In,
                      std::vector<ContextFinding> &Out) {
  LeakAnalysis(In, Out).run();
}

} // namespace agen::core
