//===- LowerFullExpressions.cpp - suspensions inside expressions ----------===//
//
// Takes a statement (or condition) whose expressions contain co_await or
// co_yield and splits it: each suspension, in evaluation order, becomes a
// prologue that evaluates its operand and may leave step(); the statement
// then runs after the last resume point with each suspension replaced by its
// value; the epilogue ends the awaiters' and yielded values' lifetimes, as
// the end of the full-expression does in native mode.
//
// A suspension in the right operand of && or ||, or in a branch of ?:, runs
// only when the condition says so: the condition is evaluated once in the
// prologue into a frame member (agen_cond_N), the suspension's prologue is
// guarded by it, and the statement reads the saved value.
//
// Only evaluation orders the split preserves are accepted: nothing with side
// effects may be evaluated before a suspension in the same full-expression
// (conditions of && || ?: aside, which the prologue evaluates in order).
// Everything else gets an error naming the construct.
//
//===----------------------------------------------------------------------===//
#include "Lowerer.h"

using namespace clang;

namespace agen::core {
namespace {

struct Collector {
  const GeneratorModel &M;
  llvm::DenseMap<const Stmt *, const Stmt *> Parent;
  std::vector<const Suspension *> Order; // post-order: operands first

  void walk(const Stmt *S) {
    if (!S || isa<LambdaExpr>(S))
      return;
    if (const Suspension *Sp = M.suspension(dyn_cast<Expr>(S))) {
      Parent[Sp->Operand] = S;
      walk(Sp->Operand);
      Order.push_back(Sp);
      return;
    }
    for (const Stmt *C : S->children()) {
      if (!C)
        continue;
      Parent[C] = S;
      walk(C);
    }
  }
};

} // namespace

// The operand a suspension under \p P is conditional on, when it sits in
// the right operand of && or || or a branch of ?:, and whether it runs
// when that operand is true.
static const Expr *conditionFor(const Stmt *P, const Stmt *Child,
                                bool &WhenTrue) {
  if (const auto *BO = dyn_cast<BinaryOperator>(P);
      BO && BO->isLogicalOp() && BO->getRHS() == Child) {
    WhenTrue = BO->getOpcode() == BO_LAnd;
    return BO->getLHS();
  }
  if (const auto *CO = dyn_cast<ConditionalOperator>(P);
      CO && CO->getCond() != Child) {
    WhenTrue = CO->getTrueExpr() == Child;
    return CO->getCond();
  }
  return nullptr;
}

// Whether evaluating \p E may have side effects. HasSideEffects assumes any
// dependent expression may; an unresolved name in a template (the callee
// `f<T>`, `obj.f<T>`) has none of its own.
static bool mayHaveSideEffects(const Expr *E, const ASTContext &Ctx) {
  E = E->IgnoreParens();
  if (isa<UnresolvedLookupExpr, DependentScopeDeclRefExpr>(E))
    return false;
  if (const auto *ME = dyn_cast<CXXDependentScopeMemberExpr>(E))
    return !ME->isImplicitAccess() && mayHaveSideEffects(ME->getBase(), Ctx);
  if (const auto *ME = dyn_cast<UnresolvedMemberExpr>(E))
    return !ME->isImplicitAccess() && mayHaveSideEffects(ME->getBase(), Ctx);
  return E->HasSideEffects(Ctx);
}

SplitStatement Lowerer::splitSuspensions(const Stmt *Root) {
  SplitStatement R;
  Collector C{M, llvm::DenseMap<const Stmt *, const Stmt *>(), {}};
  C.walk(Root);
  // Conditions evaluated in the prologue, by the &&, || or ?: they belong
  // to; the statement then reads the saved value instead.
  llvm::DenseMap<const Stmt *, std::string> Saved;

  for (const Suspension *Sp : C.Order) {
    // What this suspension is conditional on, innermost first.
    std::vector<std::pair<const Expr *, bool>> Conditions;
    // Check what native mode evaluates before this suspension.
    for (const Stmt *Child = Sp->E; Child != Root;) {
      auto It = C.Parent.find(Child);
      if (It == C.Parent.end())
        break;
      const Stmt *P = It->second;
      if (const Suspension *Outer = M.suspension(dyn_cast<Expr>(P));
          Outer && Outer->Operand == Child) {
        Child = P;
        continue;
      }
      bool WhenTrue = false;
      if (const Expr *Cond = conditionFor(P, Child, WhenTrue)) {
        // The condition runs first (in the prologue); the other branch of
        // a ?: does not run at all.
        Conditions.push_back({Cond, WhenTrue});
        Child = P;
        continue;
      }
      if (isa<BinaryConditionalOperator>(P) &&
          cast<BinaryConditionalOperator>(P)->getCond() != Child) {
        error(Sp->E->getBeginLoc(),
              "agen cannot lower a co_await or co_yield in the right operand "
              "of '?:' with an omitted middle operand yet");
        R.Valid = false;
      }
      const auto *BO = dyn_cast<BinaryOperator>(P);
      bool AssignLHSLater = BO && BO->isAssignmentOp();
      if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P))
        AssignLHSLater = OC->isAssignmentOp();
      unsigned ChildBegin = offsetOf(Child->getBeginLoc());
      for (const Stmt *Sib : P->children()) {
        if (!Sib || Sib == Child || !isa<Expr>(Sib))
          continue;
        if (offsetOf(Sib->getBeginLoc()) >= ChildBegin ||
            !mayHaveSideEffects(cast<Expr>(Sib), Ctx))
          continue;
        if (AssignLHSLater)
          continue; // C++17: the right operand of = is evaluated first
        error(Sp->E->getBeginLoc(),
              "agen cannot lower this " +
                  std::string(Sp->IsYield ? "co_yield" : "co_await") +
                  ": the same full-expression evaluates something with side "
                  "effects before it; evaluate that in an earlier statement");
        Diags.note(Sib->getBeginLoc(), "evaluated before the suspension");
        R.Valid = false;
      }
      Child = P;
    }
    if (!R.Valid)
      return R;

    // Text of \p E with what is already lowered inside it.
    auto Lowered = [&](const Expr *E) {
      std::vector<Edit> Edits;
      referenceEdits(E, Edits);
      unsigned B = 0, End = 0;
      if (offsets(E->getSourceRange(), B, End))
        for (const Edit &X : R.Replacements)
          if (X.Begin >= B && X.End <= End)
            Edits.push_back(X);
      return text(E->getSourceRange(), Edits);
    };

    // Evaluate the conditions it depends on (outermost first, each once,
    // only where it is itself evaluated) and run it only when they hold.
    std::string Guard;
    for (auto It = Conditions.rbegin(); It != Conditions.rend(); ++It) {
      const auto &[Cond, WhenTrue] = *It;
      std::string &Name = Saved[Cond];
      if (Name.empty()) {
        Name = "agen_cond_" + std::to_string(ExtraMembers.size());
        ExtraMembers.push_back("bool " + Name + " = false;");
        R.Prologue += (Guard.empty() ? "" : "if (" + Guard + ") ") + Name +
                      " = static_cast<bool>(" + Lowered(Cond) + ");\n";
        unsigned B = 0, E = 0;
        if (offsets(Cond->getSourceRange(), B, E))
          R.Replacements.push_back({B, E, Name});
      }
      Guard += (Guard.empty() ? "" : " && ") +
               std::string(WhenTrue ? "" : "!") + Name;
    }

    std::string Operand = Lowered(Sp->Operand);
    std::string Prologue =
        Sp->IsYield ? yieldPrologue(*Sp, Operand) : awaitPrologue(*Sp, Operand);
    R.Prologue +=
        Guard.empty() ? Prologue : "if (" + Guard + ") {\n" + Prologue + "}\n";
    unsigned B = 0, E = 0;
    if (offsets(Sp->E->getSourceRange(), B, E))
      R.Replacements.push_back(
          {B, E, Sp->IsYield ? yieldValue(*Sp) : awaitValue(*Sp)});
    // A suspension that may not have run ends only if it did.
    if (Sp->Slot >= 0)
      R.Epilogue = slotName(*Sp) +
                   (Sp->YieldDecidedLater || !Guard.empty() ? ".reset(); "
                                                            : ".destroy(); ") +
                   R.Epilogue;
  }
  return R;
}

} // namespace agen::core
