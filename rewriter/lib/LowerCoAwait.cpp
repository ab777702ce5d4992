//===- LowerCoAwait.cpp - one co_await becomes a possible suspension ------===//
//
// Takes a co_await (its operand already lowered to text) and produces the
// code native mode runs for it: evaluate the operand and find its awaiter
// (awaiting<A> keeps both in the frame), ask await_ready(), and only when it
// says no, run the guards' on_suspend(), record the resume point and leave
// step() through suspend_on() (which resumes the guards if await_suspend()
// throws). Resumption lands on the label after it; the expression's value is
// await_resume().
//
//===----------------------------------------------------------------------===//
#include "Lowerer.h"

#include <functional>

using namespace clang;

namespace agen::core {

std::string Lowerer::guardObject(const LocalVar &G) {
  std::string Object = "(*" + slotOf(G).Name + ")";
  QualType T =
      G.ExtendedTemporary.isNull() ? G.Decl->getType() : G.ExtendedTemporary;
  // A const guard: the slot constructed a non-const object, so calling the
  // callbacks on it is well defined (native mode calls them through the
  // registry just the same).
  if (T.isConstQualified())
    return "const_cast<" + typeText(T.getUnqualifiedType()) + " &>" + Object;
  return Object;
}

// A guard's callback; for a local of dependent type the instantiation
// decides whether it is a guard (\p Plain: and whether it is one the
// registry does not call).
static std::string guardCall(Lowerer &L, const LocalVar &G,
                             llvm::StringRef Callback, bool Plain) {
  std::string Local = L.guardObject(G);
  if (G.MaybeGuard)
    return "agen::detail::" + Callback.drop_front(3).str() +
           (Plain ? "_plain_guard(" : "_guard(") + Local + "); ";
  if (G.GuardThroughBase)
    return "static_cast<agen::context_guard &>(" + Local + ")." +
           Callback.str() + "(); ";
  return Local + "." + Callback.str() + "(); ";
}

// The calls of \p Callback on \p Guards (in that order), under
// \p Condition if not empty. The agen::context_guard locals are called only
// while no guard the lowering does not see is registered; otherwise the
// registry calls them in construction order with that one.
static std::string guardCalls(Lowerer &L,
                              llvm::ArrayRef<const LocalVar *> Guards,
                              llvm::StringRef Callback,
                              const std::string &Condition) {
  std::string All, Plain;
  bool Registered = false, Unregistered = false;
  for (const LocalVar *G : Guards) {
    All += guardCall(L, *G, Callback, /*Plain=*/false);
    Registered |= G->ContextGuard || G->MaybeGuard;
    Unregistered |= !G->ContextGuard;
    if (!G->ContextGuard)
      Plain += guardCall(L, *G, Callback, /*Plain=*/G->MaybeGuard);
  }
  const std::string Static = "agen_cx.calls_guards_statically()";
  auto If = [](const std::string &Test, const std::string &Then) {
    return Test.empty() ? Then : "if (" + Test + ") { " + Then + "} ";
  };
  if (!Registered)
    return If(Condition, All);
  if (!Unregistered)
    return If(Condition.empty() ? Static : Condition + " && " + Static, All);
  return If(Condition, If(Static, All) + "else { " + Plain + "} ");
}

std::string Lowerer::suspendGuards(const Suspension &S,
                                   const std::string &Condition) {
  std::vector<const LocalVar *> Innermost(S.Guards.rbegin(), S.Guards.rend());
  return guardCalls(*this, Innermost, "on_suspend", Condition);
}

std::string Lowerer::resumeGuards(const Suspension &S) {
  return guardCalls(*this, S.Guards, "on_resume", "");
}

// The temporaries materialized under \p X to the end of its full-expression,
// children first (construction order); \p Nested: suspensions that hold
// their own. Not a std::initializer_list's array: what it initializes copies
// it.
static void
collectTemporaries(const Stmt *X, llvm::function_ref<bool(const Expr *)> Nested,
                   std::vector<const MaterializeTemporaryExpr *> &Out) {
  if (!X || isa<LambdaExpr>(X))
    return;
  if (const auto *E = dyn_cast<Expr>(X); E && Nested(E))
    return;
  for (const Stmt *C : X->children())
    collectTemporaries(C, Nested, Out);
  if (const auto *T = dyn_cast<MaterializeTemporaryExpr>(X);
      T && !T->getExtendingDecl() && !T->getType()->isDependentType() &&
      !T->getType()->isArrayType())
    Out.push_back(T);
}

std::vector<const MaterializeTemporaryExpr *>
Lowerer::heldTemporaries(const Suspension &S) const {
  std::vector<const MaterializeTemporaryExpr *> Out;
  collectTemporaries(
      S.Operand, [&](const Expr *E) { return E != S.E && M.suspension(E); },
      Out);
  return Out;
}

const MaterializeTemporaryExpr *
Lowerer::temporaryPerInstantiation(const Suspension &S) const {
  const MaterializeTemporaryExpr *Found = nullptr;
  std::function<void(const Stmt *)> Find = [&](const Stmt *X) {
    if (!X || Found)
      return;
    const auto *A = dyn_cast<CoroutineSuspendExpr>(X);
    if (A && isa<CoyieldExpr>(A) == S.IsYield &&
        A->getBeginLoc() == S.E->getBeginLoc()) {
      std::vector<const MaterializeTemporaryExpr *> Made;
      collectTemporaries(
          A->getOperand(),
          [&](const Expr *E) { return E != A && isa<CoroutineSuspendExpr>(E); },
          Made);
      if (!Made.empty())
        Found = Made.front();
      return;
    }
    for (const Stmt *C : X->children())
      Find(C);
  };
  for (const FunctionDecl *Spec : instantiations())
    Find(Spec->getBody());
  return Found;
}

std::vector<const FunctionDecl *> Lowerer::instantiations() const {
  std::vector<const FunctionDecl *> Out;
  auto Add = [&](const FunctionDecl *FD) {
    if (FD->getTemplateInstantiationPattern() == M.Fn && FD->hasBody())
      Out.push_back(FD);
  };
  if (const FunctionTemplateDecl *T = M.Fn->getDescribedFunctionTemplate())
    for (const FunctionDecl *Spec : T->specializations())
      Add(Spec);
  // A member (or member template) of a class template: look in the class's
  // specializations.
  const auto *RD = dyn_cast<CXXRecordDecl>(M.Fn->getDeclContext());
  const ClassTemplateDecl *Class =
      RD ? RD->getDescribedClassTemplate() : nullptr;
  if (Class)
    for (const ClassTemplateSpecializationDecl *Spec : Class->specializations())
      for (const Decl *D : Spec->decls()) {
        if (const auto *FD = dyn_cast<FunctionDecl>(D))
          Add(FD);
        else if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D))
          for (const FunctionDecl *FD : FT->specializations())
            Add(FD);
      }
  return Out;
}

std::string Lowerer::awaitPrologue(const Suspension &S,
                                   const std::string &Operand) {
  std::string Id = std::to_string(S.Id);
  std::string Slot = slotName(S);
  // If await_suspend() throws, the frame did not suspend: suspend_on()
  // resumes the guards before the exception leaves the co_await.
  std::string Undo =
      S.Guards.empty() ? "" : ", [&]() noexcept { " + resumeGuards(S) + "}";
  return "/* co_await " + where(S.E->getBeginLoc()) + " */ " + Slot +
         ".start([&]() -> decltype(auto) { return (" + Operand + "); });\n" +
         "if (!" + Slot + "->await_ready()) { " + suspendGuards(S) +
         "agen_resume_point = " + Id + "; return agen_cx.suspend_on(*" + Slot +
         Undo + "); }\n" + "agen_resume_" + Id + ":;\n";
}

std::string Lowerer::awaitValue(const Suspension &S) {
  return slotName(S) + ".resume()";
}

} // namespace agen::core
