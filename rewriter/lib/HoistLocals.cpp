//===- HoistLocals.cpp - frame slots for what lives across a suspension ---===//
//
// Takes the analysed locals and suspension temporaries and gives each one
// that lives across a suspension a frame member: a name that traces back to
// the source (the local's own name when nothing else in the body uses it), a
// type (agen::detail::slot<T>, slot<T&>, or awaiting<A> for an awaiter), and
// the statement that constructs it where the declaration stood.
//
//===----------------------------------------------------------------------===//
#include "Lowerer.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/QualTypeNames.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace agen::core {

std::string Lowerer::typeText(QualType T) {
  PrintingPolicy P = Ctx.getPrintingPolicy();
  P.SuppressUnwrittenScope = true;
  P.SuppressTagKeyword = true;
  // `auto`: spell what it was deduced as (keeping typedef sugar).
  if (T->getContainedDeducedType()) {
    QualType Inner = T.getNonReferenceType();
    if (const auto *AT = dyn_cast<AutoType>(Inner.getTypePtr());
        AT && AT->isDeduced()) {
      QualType D = Ctx.getQualifiedType(AT->getDeducedType(),
                                        Inner.getLocalQualifiers());
      if (T->isLValueReferenceType())
        D = Ctx.getLValueReferenceType(D);
      else if (T->isRValueReferenceType())
        D = Ctx.getRValueReferenceType(D);
      T = D;
    } else {
      T = Ctx.getQualifiedType(T.getCanonicalType().getTypePtr(),
                               T.getLocalQualifiers());
    }
  }
  return TypeName::getFullyQualifiedName(T, Ctx, P,
                                         /*WithGlobalNsPrefix=*/false);
}

// A glvalue that may denote a temporary of the full-expression: yielding it
// by address would leave a dangling pointer once the statement is split.
static bool mayDenoteTemporary(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (isa<MaterializeTemporaryExpr>(S))
    return true;
  for (const Stmt *Child : S->children())
    if (mayDenoteTemporary(Child))
      return true;
  return false;
}

// The temporary a reference declaration extends the life of, if any.
static QualType extendedTemporary(const VarDecl &VD) {
  if (!VD.getType()->isReferenceType() || !VD.getInit())
    return {};
  const Expr *E = VD.getInit();
  if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
    E = EWC->getSubExpr();
  E = E->IgnoreImpCasts();
  if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(E))
    if (MTE->getExtendingDecl() == &VD)
      return VD.getType().getNonReferenceType();
  return {};
}

// Types that cannot be named outside their function: lambdas, local and
// unnamed classes (an awaiter type an `auto` function defines, say).
static bool spellable(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *RD = T->getAsCXXRecordDecl()) {
    if (RD->isLambda() || RD->isLocalClass() || !RD->getIdentifier())
      return false;
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
      for (const TemplateArgument &A : Spec->getTemplateArgs().asArray())
        if (A.getKind() == TemplateArgument::Type && !spellable(A.getAsType()))
          return false;
  }
  return true;
}

void Lowerer::assignSlots() {
  llvm::StringSet<> Taken;
  for (const ParmVarDecl *P : M.Fn->parameters())
    if (P->getDeclName().isIdentifier())
      Taken.insert(P->getName());
  auto Unique = [&](std::string Base) {
    std::string Name = Base;
    for (unsigned N = 2; Taken.contains(Name) || M.NamesUsed.contains(Name) ||
                         llvm::StringRef(Name).starts_with("__");
         ++N)
      Name = Base + "_" + std::to_string(N);
    Taken.insert(Name);
    return Name;
  };

  std::vector<LocalVar *> Ordered;
  for (const auto &V : M.Vars)
    if (V->Hoisted)
      Ordered.push_back(V.get());
  llvm::sort(Ordered, [](const LocalVar *A, const LocalVar *B) {
    return A->Order < B->Order;
  });

  for (LocalVar *V : Ordered) {
    FrameSlot S;
    S.Order = V->Order;
    if (V->Temp >= 0) {
      Suspension &Sp = M.Suspensions[static_cast<size_t>(V->Temp)];
      const Expr *Op = Sp.Operand;
      if (!Sp.IsYield) {
        std::string A;
        if (spellable(Op->getType())) {
          A = typeText(Op->getType());
          if (Op->isLValue())
            A += " &";
          else if (Op->isXValue())
            A += " &&";
        } else { // named through the operand, as written
          std::vector<Edit> Edits;
          referenceEdits(Op, Edits);
          A = "decltype((" + text(Op->getSourceRange(), Edits) + "))";
        }
        S.Name = Unique("agen_await_" + std::to_string(Sp.Id));
        S.Type = "agen::detail::awaiting<" + A + ">";
        S.Comment = "co_await " + where(Sp.E->getBeginLoc());
      } else {
        // A non-const lvalue or an xvalue of the yielded type is yielded by
        // address, as native mode does; anything else is materialized here.
        QualType OpT = Op->getType();
        bool Same = Ctx.hasSameUnqualifiedType(OpT, M.YieldValueType);
        bool ByAddress = Same && Op->isGLValue() && !OpT.isConstQualified() &&
                         !mayDenoteTemporary(Op);
        if (ByAddress)
          continue; // no slot
        S.Name = Unique("agen_yield_" + std::to_string(Sp.Id));
        S.Type = "agen::detail::slot<" + typeText(M.YieldValueType) + ">";
        S.Comment = "co_yield " + where(Sp.E->getBeginLoc());
      }
      V->Slot = Sp.Slot = static_cast<int>(M.Slots.size());
      M.Slots.push_back(std::move(S));
      continue;
    }
    const VarDecl &VD = *V->Decl;
    std::string Name = VD.getName().str();
    if (Name.empty() || llvm::StringRef(Name).starts_with("__")) {
      llvm::StringRef Hidden(Name);
      Name = isa<DecompositionDecl>(VD) ? "agen_bindings"
             : Hidden.contains("range") ? "agen_range"
             : Hidden.contains("begin") ? "agen_begin"
             : Hidden.contains("end")   ? "agen_end"
                                        : "agen_local";
    }
    S.Name = Unique(Name);
    QualType T = VD.getType();
    V->ExtendedTemporary = extendedTemporary(VD);
    const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
    if (RD && RD->isLambda()) {
      // A closure type has no name: a member function of the frame's base
      // creates the closure, and names its type for the slot.
      S.LambdaFactory = "agen_make_" + S.Name;
      S.Type = "agen::detail::slot<decltype(std::declval<agen_lambdas &>()." +
               S.LambdaFactory + "())>";
    } else if (!V->ExtendedTemporary.isNull()) {
      S.Type = "agen::detail::slot<" + typeText(V->ExtendedTemporary) + ">";
    } else {
      S.Type = "agen::detail::slot<" + typeText(T) + ">";
    }
    std::string Written = VD.getName().str();
    if (const auto *DD = dyn_cast<DecompositionDecl>(&VD)) {
      Written = "[";
      for (const BindingDecl *B : DD->bindings())
        Written += (Written.size() > 1 ? ", " : "") + B->getNameAsString();
      Written += "]";
    }
    S.Comment = VD.getName().starts_with("__")
                    ? "range-for state, " + where(VD.getLocation())
                    : Written + ", " + where(VD.getLocation());
    V->Slot = static_cast<int>(M.Slots.size());
    M.Slots.push_back(std::move(S));
  }
}

std::string Lowerer::initializerText(const VarDecl &VD,
                                     const std::vector<Edit> &Extra) {
  const Expr *Init = VD.getInit();
  std::vector<Edit> Edits = Extra;
  referenceEdits(Init, Edits);
  // For `T x(a)` and `T x{a}` the written initializer starts after the name.
  if (VD.getInitStyle() != VarDecl::CInit) {
    unsigned B = endOffsetOf(VD.getLocation());
    unsigned E = endOffsetOf(Init->getEndLoc());
    if (const auto *CE = dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit()))
      if (CE->getParenOrBraceRange().isValid())
        E = endOffsetOf(CE->getParenOrBraceRange().getEnd());
    return text(B, E, std::move(Edits));
  }
  return text(Init->getSourceRange(), std::move(Edits));
}

std::string Lowerer::constructText(const LocalVar &V, const std::string &Init) {
  const VarDecl &VD = *V.Decl;
  const std::string &Name = slotOf(V).Name;
  if (!slotOf(V).LambdaFactory.empty())
    return Name + ".construct_from([&] { return " + slotOf(V).LambdaFactory +
           "(); });";
  if (VD.getType()->isReferenceType() && V.ExtendedTemporary.isNull())
    return Name + ".bind(" + Init + ");";
  QualType T =
      V.ExtendedTemporary.isNull() ? VD.getType() : V.ExtendedTemporary;
  std::string TypeName = typeText(T.getUnqualifiedType());
  bool Written = VD.getInit() &&
                 !(isa<CXXConstructExpr>(VD.getInit()) &&
                   cast<CXXConstructExpr>(VD.getInit())->getNumArgs() == 0 &&
                   cast<CXXConstructExpr>(VD.getInit())
                       ->getParenOrBraceRange()
                       .isInvalid());
  if (!Written)
    return Name + ".construct_default();";
  std::string Value =
      VD.getInitStyle() == VarDecl::CInit || !V.ExtendedTemporary.isNull()
          ? Init
          : TypeName + Init;
  return Name + ".construct_from([&]() -> " + TypeName + " { return " + Value +
         "; });";
}

std::string Lowerer::resetText(const std::vector<const LocalVar *> &Vars,
                               bool IncludeTemps) {
  std::string Out;
  for (auto It = Vars.rbegin(); It != Vars.rend(); ++It) {
    const LocalVar *V = *It;
    if (V->Slot < 0 || (V->Temp >= 0 && !IncludeTemps))
      continue;
    Out += slotOf(*V).Name + ".reset(); ";
  }
  return Out;
}

} // namespace agen::core
