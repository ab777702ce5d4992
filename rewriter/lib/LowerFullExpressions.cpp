//===- LowerFullExpressions.cpp - suspensions inside expressions ----------===//
//
// Takes a statement (or condition) whose expressions contain co_await or
// co_yield and splits it: each suspension, in evaluation order, becomes a
// prologue that evaluates its operand and may leave step(); the statement
// then runs after the last resume point with each suspension replaced by its
// value; the epilogue ends the awaiters' and yielded values' lifetimes, as
// the end of the full-expression does in native mode.
//
// Only evaluation orders the split preserves are accepted: nothing with side
// effects may be evaluated before a suspension in the same full-expression,
// and a suspension may not sit in a short-circuited or conditional operand.
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

SplitStatement Lowerer::splitSuspensions(const Stmt *Root) {
  SplitStatement R;
  Collector C{M, llvm::DenseMap<const Stmt *, const Stmt *>(), {}};
  C.walk(Root);

  for (const Suspension *Sp : C.Order) {
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
      const auto *BO = dyn_cast<BinaryOperator>(P);
      if (BO && BO->isLogicalOp() && BO->getRHS() == Child) {
        error(Sp->E->getBeginLoc(),
              "agen cannot lower a co_await or co_yield in the right "
              "operand of '" +
                  BO->getOpcodeStr().str() +
                  "' yet; evaluate it in its own statement");
        R.Valid = false;
      }
      if (const auto *CO = dyn_cast<AbstractConditionalOperator>(P);
          CO && CO->getCond() != Child) {
        error(Sp->E->getBeginLoc(),
              "agen cannot lower a co_await or co_yield in a branch of '?:' "
              "yet; use an if statement");
        R.Valid = false;
      }
      bool AssignLHSLater = BO && BO->isAssignmentOp();
      if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P))
        AssignLHSLater = OC->isAssignmentOp();
      unsigned ChildBegin = offsetOf(Child->getBeginLoc());
      for (const Stmt *Sib : P->children()) {
        if (!Sib || Sib == Child || !isa<Expr>(Sib))
          continue;
        if (offsetOf(Sib->getBeginLoc()) >= ChildBegin ||
            !cast<Expr>(Sib)->HasSideEffects(Ctx))
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

    // The operand, with nested suspensions already replaced by their values.
    std::vector<Edit> Edits;
    referenceEdits(Sp->Operand, Edits);
    for (const Edit &E : R.Replacements) {
      unsigned B = 0, End = 0;
      if (offsets(Sp->Operand->getSourceRange(), B, End) && E.Begin >= B &&
          E.End <= End)
        Edits.push_back(E);
    }
    std::string Operand = text(Sp->Operand->getSourceRange(), Edits);
    R.Prologue +=
        Sp->IsYield ? yieldPrologue(*Sp, Operand) : awaitPrologue(*Sp, Operand);
    unsigned B = 0, E = 0;
    if (offsets(Sp->E->getSourceRange(), B, E))
      R.Replacements.push_back(
          {B, E, Sp->IsYield ? yieldValue(*Sp) : awaitValue(*Sp)});
    if (Sp->Slot >= 0)
      R.Epilogue = slotName(*Sp) +
                   (Sp->YieldDecidedLater ? ".reset(); " : ".destroy(); ") +
                   R.Epilogue;
  }
  return R;
}

} // namespace agen::core
