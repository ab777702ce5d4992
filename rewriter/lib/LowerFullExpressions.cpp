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
// What native mode evaluates before a suspension (operands to its left, the
// object of a member call, the value of an earlier co_await) is evaluated in
// the prologue too, in native order, into a frame member (agen_early_N: a
// scalar by value, an object by reference) that the statement reads; a
// discarded comma operand runs there as a statement. What nothing can
// change while suspended stays in place. What cannot be saved without
// changing something else (a temporary with a destructor would die early)
// is an error if it has side effects, and stays in place if it has none.
//
//===----------------------------------------------------------------------===//
#include "Lowerer.h"

#include <functional>

using namespace clang;

namespace agen::core {
namespace {

// The right operand of a (built-in or overloaded, maybe compound)
// assignment \p S, which C++17 evaluates before the left one.
const Expr *assignedValue(const Stmt *S) {
  if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp())
    return BO->getRHS();
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S);
      OC && OC->isAssignmentOp() && OC->getNumArgs() == 2)
    return OC->getArg(1);
  return nullptr;
}

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
    // C++17: the right operand of an assignment is evaluated first.
    if (const Expr *RHS = assignedValue(S)) {
      Parent[RHS] = S;
      walk(RHS);
    }
    for (const Stmt *C : S->children()) {
      if (!C || C == assignedValue(S))
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

// Temporaries whose destruction is observable (a destructor that is not
// trivial): evaluating \p S early would end their lives early too. Not those
// of a suspension inside it: its slot holds them to the end of the
// full-expression (an operand of dependent type's are not held, see
// HoistLocals, but those are rejected as early operands anyway).
static bool bindsTemporaries(const Stmt *S, bool AnyTemporary,
                             const GeneratorModel &M) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (const auto *E = dyn_cast<Expr>(S); E && M.suspension(E))
    return false;
  if (isa<CXXBindTemporaryExpr>(S) ||
      (AnyTemporary && isa<MaterializeTemporaryExpr>(S)))
    return true;
  for (const Stmt *C : S->children())
    if (bindsTemporaries(C, AnyTemporary, M))
      return true;
  return false;
}

const llvm::DenseSet<const VarDecl *> &Lowerer::privateScalars() {
  if (PrivateScalarsDone)
    return PrivateScalars;
  PrivateScalarsDone = true;
  llvm::DenseSet<const VarDecl *> Escaping;
  // Every use that is not a read, an assignment to it, or ++/--, may keep
  // its address (a reference, a pointer, a lambda's capture).
  std::function<void(const Stmt *, const Stmt *, bool)> Walk =
      [&](const Stmt *S, const Stmt *Parent, bool InLambda) {
        if (!S)
          return;
        if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
          const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
          if (!VD)
            return;
          bool Plain = false;
          if (const auto *ICE = dyn_cast_or_null<ImplicitCastExpr>(Parent))
            Plain = ICE->getCastKind() == CK_LValueToRValue;
          else if (const auto *BO = dyn_cast_or_null<BinaryOperator>(Parent))
            Plain = BO->isAssignmentOp() && BO->getLHS() == DRE;
          else if (const auto *UO = dyn_cast_or_null<UnaryOperator>(Parent))
            Plain = UO->isIncrementDecrementOp();
          if (InLambda || !Plain)
            Escaping.insert(VD);
          return;
        }
        bool Lambda = InLambda || isa<LambdaExpr>(S);
        const Stmt *Self = isa<ParenExpr>(S) ? Parent : S;
        for (const Stmt *C : S->children())
          Walk(C, Self, Lambda);
      };
  Walk(M.Body, nullptr, false);
  auto Consider = [&](const VarDecl *VD) {
    QualType T = VD->getType();
    if (!T->isDependentType() && T->isScalarType() &&
        !T.isVolatileQualified() && !VD->isStaticLocal() &&
        !Escaping.contains(VD))
      PrivateScalars.insert(VD);
  };
  for (const ParmVarDecl *P : M.Fn->parameters())
    Consider(P);
  for (const auto &V : M.Vars)
    if (V->Decl && V->Decl->getDeclContext() == M.Fn)
      Consider(V->Decl);
  return PrivateScalars;
}

// Whether what \p E denotes (a glvalue's object, a prvalue's value) is
// still the same after a suspension: constants, `this`, named objects, and
// reads of the generator's own scalars that nothing else can reach.
bool Lowerer::unchangedWhileSuspended(const Expr *E) {
  E = E->IgnoreParens();
  if (M.suspension(E) || isa<LambdaExpr, CallExpr, CXXConstructExpr>(E))
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return E->isGLValue() || !isa<VarDecl>(DRE->getDecl());
  if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E);
      ICE && ICE->getCastKind() == CK_LValueToRValue) {
    const auto *Read = dyn_cast<DeclRefExpr>(ICE->getSubExpr()->IgnoreParens());
    const auto *VD = Read ? dyn_cast<VarDecl>(Read->getDecl()) : nullptr;
    return VD && privateScalars().contains(VD) &&
           !ModifiedInStatement.contains(VD);
  }
  for (const Stmt *C : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(C);
        CE && !unchangedWhileSuspended(CE))
      return false;
  return true;
}

// What the split does with \p E, which native mode evaluates before a
// suspension of the same full-expression (\p Discarded: the left operand of
// a built-in comma).
Lowerer::EarlyOperand Lowerer::classifyEarly(const Expr *E, bool Discarded) {
  if (E->isTypeDependent() || E->isValueDependent() || E->containsErrors())
    return mayHaveSideEffects(E, Ctx) ? EarlyOperand::Reject
                                      : EarlyOperand::Keep;
  bool SideEffects = E->HasSideEffects(Ctx);
  if (!SideEffects && unchangedWhileSuspended(E))
    return EarlyOperand::Keep;
  // What cannot be evaluated early without changing something else stays
  // where it is if that changes nothing (the known limit of a pure read).
  EarlyOperand Otherwise =
      SideEffects ? EarlyOperand::Reject : EarlyOperand::Keep;
  QualType T = E->getType();
  if (Discarded || T->isVoidType())
    return Discarded && SideEffects && !bindsTemporaries(E, false, M)
               ? EarlyOperand::Discard
               : Otherwise;
  if (!spellableInFrame(T) || E->refersToBitField())
    return Otherwise;
  if (E->isPRValue())
    return T->isScalarType() && !bindsTemporaries(E, false, M)
               ? EarlyOperand::Value
               : Otherwise;
  return bindsTemporaries(E, true, M) ? Otherwise : EarlyOperand::Reference;
}

SplitStatement Lowerer::splitSuspensions(const Stmt *Root) {
  SplitStatement R;
  Collector C{M, llvm::DenseMap<const Stmt *, const Stmt *>(), {}};
  C.walk(Root);
  // Conditions and early operands evaluated in the prologue; the statement
  // then reads the saved value instead.
  llvm::DenseMap<const Stmt *, std::string> Saved;
  ModifiedInStatement.clear();
  std::function<void(const Stmt *)> FindWrites = [&](const Stmt *S) {
    if (!S)
      return;
    const Expr *Target = nullptr;
    if (const auto *BO = dyn_cast<BinaryOperator>(S);
        BO && BO->isAssignmentOp())
      Target = BO->getLHS();
    else if (const auto *UO = dyn_cast<UnaryOperator>(S);
             UO && UO->isIncrementDecrementOp())
      Target = UO->getSubExpr();
    if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(
            Target ? Target->IgnoreParens() : nullptr))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        ModifiedInStatement.insert(VD);
    for (const Stmt *Child : S->children())
      FindWrites(Child);
  };
  FindWrites(Root);

  // Text of \p E with what is already lowered inside it.
  auto Lowered = [&](const Expr *E) {
    std::vector<Edit> Edits;
    unsigned B = 0, End = 0;
    if (offsets(E->getSourceRange(), B, End))
      for (const Edit &X : R.Replacements)
        if (X.Begin >= B && X.End <= End)
          Edits.push_back(X);
    referenceEdits(E, Edits); // after: a saved value wins over `(*x)`
    return text(E->getSourceRange(), Edits);
  };
  // \p E reads \p Text from now on (what was replaced inside it is part of
  // the saved value).
  auto Replace = [&](const Expr *E, std::string Text) {
    unsigned B = 0, End = 0;
    if (!offsets(E->getSourceRange(), B, End))
      return;
    llvm::erase_if(R.Replacements,
                   [&](const Edit &X) { return X.Begin >= B && X.End <= End; });
    R.Replacements.push_back({B, End, std::move(Text)});
  };

  for (const Suspension *Sp : C.Order) {
    // What native mode evaluates before this suspension, innermost first:
    // the condition it depends on (&&, ||, ?:) or the operands before it.
    struct Early {
      const Expr *E;
      bool IsCondition;
      bool WhenTrue;
      bool Discarded;
    };
    std::vector<std::vector<Early>> Levels;
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
        Levels.push_back({{.E = Cond,
                           .IsCondition = true,
                           .WhenTrue = WhenTrue,
                           .Discarded = false}});
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
      // C++17: the right operand of an assignment is evaluated first, the
      // left one (and an overloaded operator's callee) after it.
      const Expr *Assigned = assignedValue(P);
      auto Before = [&](const Expr *Sib) {
        if (Assigned)
          return Child != Assigned && Sib == Assigned;
        return Sib->getBeginLoc().isValid() &&
               offsetOf(Sib->getBeginLoc()) < offsetOf(Child->getBeginLoc());
      };
      std::vector<Early> Level;
      for (const Stmt *Sib : P->children()) {
        const auto *SibE = dyn_cast_or_null<Expr>(Sib);
        if (!SibE || Sib == Child || !Before(SibE))
          continue;
        // `obj.f(...)`, `p->f(...)`: the object expression is what runs.
        if (const auto *ME = dyn_cast<MemberExpr>(SibE);
            ME && SibE->hasPlaceholderType(BuiltinType::BoundMember)) {
          if (ME->isImplicitAccess())
            continue;
          SibE = ME->getBase();
        }
        Level.push_back({.E = SibE,
                         .IsCondition = false,
                         .WhenTrue = false,
                         .Discarded = BO && BO->getOpcode() == BO_Comma});
      }
      Levels.push_back(std::move(Level));
      Child = P;
    }

    // Evaluate them outermost first, each once, and only where native mode
    // evaluates them; the suspension runs only when its conditions hold.
    std::string Guard;
    auto Guarded = [&](const std::string &Code) {
      return Guard.empty() ? Code : "if (" + Guard + ") " + Code;
    };
    for (auto L = Levels.rbegin(); L != Levels.rend(); ++L) {
      for (const Early &X : *L) {
        std::string &Name = Saved[X.E];
        if (X.IsCondition) {
          if (Name.empty()) {
            Name = "agen_cond_" + std::to_string(ExtraMembers.size());
            ExtraMembers.push_back("bool " + Name + " = false;");
            R.Prologue +=
                Guarded(Name + " = static_cast<bool>(" + Lowered(X.E) + ");\n");
            Replace(X.E, Name);
          }
          Guard += (Guard.empty() ? "" : " && ") +
                   std::string(X.WhenTrue ? "" : "!") + Name;
          continue;
        }
        if (!Name.empty())
          continue; // saved for an earlier suspension
        EarlyOperand How = classifyEarly(X.E, X.Discarded);
        if (How == EarlyOperand::Keep)
          continue;
        if (How == EarlyOperand::Reject) {
          error(Sp->E->getBeginLoc(),
                "agen cannot lower this " +
                    std::string(Sp->IsYield ? "co_yield" : "co_await") +
                    ": the same full-expression evaluates something with "
                    "side effects before it that cannot be saved across the "
                    "suspension; evaluate that in an earlier statement");
          Diags.note(X.E->getBeginLoc(), "evaluated before the suspension");
          R.Valid = false;
          continue;
        }
        Name = "agen_early_" + std::to_string(ExtraMembers.size());
        std::string Comment =
            " // evaluated before " +
            std::string(Sp->IsYield ? "co_yield " : "co_await ") +
            where(Sp->E->getBeginLoc());
        std::string Text = Lowered(X.E);
        if (How == EarlyOperand::Discard) {
          Name = "void()";
          R.Prologue += Guarded("static_cast<void>(" + Text + ");\n");
          Replace(X.E, Name);
          continue;
        }
        QualType T = X.E->getType();
        if (How == EarlyOperand::Value) {
          std::string Type = typeText(T.getUnqualifiedType());
          ExtraMembers.push_back("agen::detail::slot<" + Type + "> " + Name +
                                 ";" + Comment);
          R.Prologue += Guarded(Name + ".construct_from([&]() -> " + Type +
                                " { return (" + Text + "); });\n");
          Replace(X.E, "static_cast<" + Type + ">(*" + Name + ")");
          continue;
        }
        bool XValue = X.E->isXValue();
        ExtraMembers.push_back("agen::detail::slot<" + typeText(T) +
                               (XValue ? " &&> " : " &> ") + Name + ";" +
                               Comment);
        R.Prologue += Guarded(Name + ".bind((" + Text + "));\n");
        Replace(X.E, XValue ? "std::move(*" + Name + ")" : "(*" + Name + ")");
      }
    }
    if (!R.Valid)
      return R;

    if (!Sp->YieldDecidedLater) {
      // The operand's temporaries live in its slot, an awaiting<>,
      // temporaries<> or yielding<> (construction order: an inner one is
      // replaced inside the outer one's text).
      unsigned I = 0;
      for (const MaterializeTemporaryExpr *T : heldTemporaries(*Sp)) {
        std::string Hold =
            slotName(*Sp) + (M.Dependent ? ".template hold<" : ".hold<");
        const Expr *Made = T->getSubExpr();
        Replace(Made, Hold + std::to_string(I++) + ">([&]() -> " +
                          typeText(T->getType().getUnqualifiedType()) +
                          " { return " + Lowered(Made) + "; })");
      }
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
