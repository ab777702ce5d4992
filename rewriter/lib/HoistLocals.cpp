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
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"

#include <functional>

using namespace clang;

namespace agen::core {

std::string Lowerer::typeText(QualType T) {
  PrintingPolicy P = Ctx.getPrintingPolicy();
  P.SuppressUnwrittenScope = true;
  P.SuppressTagKeyword = true;
  // Dependent types are spelled as written: the frame is a local class of
  // the template, where they mean the same.
  if (T->isDependentType())
    return T.getAsString(P);
  // `auto`: spell what it was deduced as (keeping typedef sugar).
  if (T->getContainedDeducedType()) {
    QualType Inner = T.getNonReferenceType();
    // auto, or a class template's arguments deduced (CTAD)
    if (const auto *AT = dyn_cast<DeducedType>(Inner.getTypePtr());
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
  // The qualifier as written would be added again by getFullyQualifiedName
  // ("std::std::vector<...>" for an await_resume's type): drop it, and the
  // deduced `auto` around it, also under a reference or a pointer (a
  // reference to a local whose class template arguments were deduced).
  std::function<QualType(QualType)> Unwrap = [&](QualType Q) {
    if (const auto *R = Q->getAs<ReferenceType>()) {
      QualType Inner = Unwrap(R->getPointeeTypeAsWritten());
      return Q->isLValueReferenceType() ? Ctx.getLValueReferenceType(Inner)
                                        : Ctx.getRValueReferenceType(Inner);
    }
    if (const auto *Ptr = dyn_cast<PointerType>(Q.getTypePtr()))
      return Ctx.getQualifiedType(
          Ctx.getPointerType(Unwrap(Ptr->getPointeeType())),
          Q.getLocalQualifiers());
    for (;;) {
      const Type *Top = Q.getTypePtr();
      QualType Named;
      if (const auto *ET = dyn_cast<ElaboratedType>(Top))
        Named = ET->getNamedType();
      else if (const auto *AT = dyn_cast<DeducedType>(Top);
               AT && AT->isDeduced())
        Named = AT->getDeducedType();
      else
        return Q;
      Q = Ctx.getQualifiedType(Named, Q.getLocalQualifiers());
    }
  };
  T = Unwrap(T);
  std::string S = TypeName::getFullyQualifiedName(T, Ctx, P,
                                                  /*WithGlobalNsPrefix=*/false);
  // getFullyQualifiedName leaves the types in a template argument pack
  // unqualified (`std::scoped_lock<mutex>` deduced), and a template argument
  // that names a local (`std::array<int, N>`) means a frame member there:
  // the printer spells the canonical type out.
  if (hasArgumentPack(T) || mentionsLocal(T)) {
    P.FullyQualifiedName = true;
    P.PrintCanonicalTypes = true;
    return T.getCanonicalType().getAsString(P);
  }
  // decltype(x) would be re-evaluated in the frame, where `x` may name a slot
  // or a capture's reference member: spell the type it denotes. A member
  // typedef of a partial specialization comes out in terms of its own
  // parameters (`std::vector<bool, type-parameter-0-0>::iterator`), and
  // `auto` deduced from a library function may keep its internal alias
  // (`std::__detail::__unique_ptr_t<T>`).
  if (llvm::StringRef(S).contains("decltype(") ||
      llvm::StringRef(S).contains("typeof(") ||
      llvm::StringRef(S).contains("type-parameter-") ||
      llvm::StringRef(S).contains("::__"))
    S = TypeName::getFullyQualifiedName(
        Ctx.getQualifiedType(T.getCanonicalType().getTypePtr(),
                             T.getLocalQualifiers()),
        Ctx, P, /*WithGlobalNsPrefix=*/false);
  return S;
}

bool Lowerer::hasArgumentPack(QualType T) {
  struct Finder : RecursiveASTVisitor<Finder> {
    bool Found = false;
    void check(llvm::ArrayRef<TemplateArgument> Args) {
      for (const TemplateArgument &A : Args)
        Found |= A.getKind() == TemplateArgument::Pack;
    }
    bool VisitTemplateSpecializationType(TemplateSpecializationType *TST) {
      check(TST->template_arguments());
      return !Found;
    }
    bool VisitRecordType(RecordType *RT) {
      if (const auto *Spec =
              dyn_cast<ClassTemplateSpecializationDecl>(RT->getDecl()))
        check(Spec->getTemplateArgs().asArray());
      return !Found;
    }
  } F;
  F.TraverseType(T);
  return F.Found;
}

// Whether \p T names a declaration \p Match accepts: a template parameter's
// type, or a variable in a template argument's expression.
static bool typeNames(QualType T,
                      llvm::function_ref<bool(const NamedDecl *)> Match) {
  struct Finder : RecursiveASTVisitor<Finder> {
    llvm::function_ref<bool(const NamedDecl *)> Match;
    bool Found = false;
    bool VisitTemplateTypeParmType(TemplateTypeParmType *P) {
      Found |= P->getDecl() && Match(P->getDecl());
      return !Found;
    }
    bool VisitDeclRefExpr(DeclRefExpr *E) {
      Found |= Match(E->getDecl());
      return !Found;
    }
  } F;
  F.Match = Match;
  F.TraverseType(T);
  return F.Found;
}

bool Lowerer::mentionsLocal(QualType T) {
  return typeNames(T, [](const NamedDecl *D) {
    const auto *VD = dyn_cast<VarDecl>(D);
    return VD && VD->isLocalVarDeclOrParm();
  });
}

bool Lowerer::mentionsInventedParameter(QualType T) {
  return typeNames(T, [](const NamedDecl *D) {
    return isa<TemplateTypeParmDecl>(D) && D->isImplicit();
  });
}

std::string Lowerer::declText(QualType T, llvm::StringRef Name) {
  std::string Type = typeText(T);
  QualType Inner = T.getNonReferenceType();
  while (Inner->isPointerType() || Inner->isMemberPointerType())
    Inner = Inner->getPointeeType();
  if (Inner->isArrayType() || Inner->isFunctionType())
    Type = "std::type_identity_t<" + Type + ">";
  bool Tight = llvm::StringRef(Type).ends_with("&") ||
               llvm::StringRef(Type).ends_with("*");
  return Type + (Tight ? "" : " ") + Name.str();
}

std::string
Lowerer::heldTypes(const Suspension &S,
                   llvm::ArrayRef<const MaterializeTemporaryExpr *> Held) {
  std::string Types;
  for (const MaterializeTemporaryExpr *T : Held) {
    if (!spellableInFrame(T->getType())) {
      error(T->getBeginLoc(),
            std::string("agen cannot lower this ") +
                (S.IsYield ? "co_yield" : "co_await") +
                " yet: its operand makes a temporary of a type the frame "
                "cannot name (a closure, a local class), which must live "
                "until the end of the full-expression; name it in a local "
                "first");
      continue;
    }
    Types += ", " + typeText(T->getType().getUnqualifiedType());
  }
  return Types;
}

// A glvalue that may denote a temporary of the full-expression that is not
// \p Held (nor held by a \p Nested suspension): yielding it by address
// would leave a dangling pointer once the statement is split.
static bool
mayDenoteTemporary(const Stmt *S,
                   llvm::ArrayRef<const MaterializeTemporaryExpr *> Held,
                   llvm::function_ref<bool(const Stmt *)> Nested) {
  if (!S || isa<LambdaExpr>(S) || Nested(S))
    return false;
  if (const auto *T = dyn_cast<MaterializeTemporaryExpr>(S);
      T && !llvm::is_contained(Held, T))
    return true;
  for (const Stmt *Child : S->children())
    if (mayDenoteTemporary(Child, Held, Nested))
      return true;
  return false;
}

// Whether native mode's co_yield converts \p Y's operand \p Op to a copy: the
// yield_value() it calls is the promise's converting template. In a
// template's pattern, where the call is not resolved yet, the rule of
// agen::detail::yields_in_place decides on the types.
static bool yieldConverts(const CoyieldExpr *Y, const Expr *Op,
                          QualType Yield) {
  const Expr *Common = Y->getCommonExpr();
  while (Common) {
    Common = Common->IgnoreImplicit();
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Common))
      return Call->getMethodDecl()->getPrimaryTemplate() != nullptr;
    const auto *T = dyn_cast<MaterializeTemporaryExpr>(Common);
    Common = T ? T->getSubExpr() : nullptr;
  }
  QualType Target = Yield.getNonReferenceType();
  QualType Object = Op->getType();
  const CXXRecordDecl *From = Object->getAsCXXRecordDecl();
  const CXXRecordDecl *To = Target->getAsCXXRecordDecl();
  bool Related =
      Target.getCanonicalType().getUnqualifiedType() ==
          Object.getCanonicalType().getUnqualifiedType() ||
      (From && To && From->hasDefinition() && From->isDerivedFrom(To));
  if (!Related || !Target.isAtLeastAsQualifiedAs(Object))
    return true;
  if (Yield->isLValueReferenceType())
    return !Op->isLValue() &&
           !(Target.isConstQualified() && !Target.isVolatileQualified());
  if (Yield->isRValueReferenceType())
    return Op->isLValue();
  return false;
}

// In a template, where temporaries are not in the AST yet: anything but a
// name, a member of one, or a dereference or std::move of one may denote a
// temporary.
static bool mayDenoteTemporaryDependent(const Expr *E) {
  E = E->IgnoreParens();
  if (isa<DeclRefExpr>(E) || isa<CXXThisExpr>(E))
    return false;
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return mayDenoteTemporaryDependent(ME->getBase());
  if (const auto *DM = dyn_cast<CXXDependentScopeMemberExpr>(E))
    return !DM->isImplicitAccess() &&
           mayDenoteTemporaryDependent(DM->getBase());
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_Deref)
    return mayDenoteTemporaryDependent(UO->getSubExpr());
  if (const auto *Call = dyn_cast<CallExpr>(E); Call && Call->getNumArgs() == 1)
    if (const auto *ULE = dyn_cast<UnresolvedLookupExpr>(Call->getCallee()))
      if (ULE->getName().isIdentifier() &&
          (ULE->getName().getAsString() == "move" ||
           ULE->getName().getAsString() == "forward"))
        return mayDenoteTemporaryDependent(Call->getArg(0));
  return true;
}

std::string Lowerer::valueTypeText(QualType T) {
  if (const auto *A = Ctx.getAsConstantArrayType(T)) // a braced list's array
    return "std::array<" + typeText(A->getElementType()) + ", " +
           std::to_string(A->getZExtSize()) + ">";
  return typeText(T);
}

bool spellable(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *RD = T->getAsCXXRecordDecl()) {
    if (RD->isLambda() || RD->isLocalClass() || !RD->getIdentifier())
      return false;
    // A private member type (asio's initiation objects) the user never wrote.
    for (const Decl *D = RD; isa<CXXRecordDecl>(D->getDeclContext());
         D = cast<Decl>(D->getDeclContext()))
      if (D->getAccess() != AS_public)
        return false;
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
      for (const TemplateArgument &A : Spec->getTemplateArgs().asArray())
        if (A.getKind() == TemplateArgument::Type && !spellable(A.getAsType()))
          return false;
  }
  return true;
}

bool spellableInFrame(QualType T) {
  if (!spellable(T))
    return false;
  const Type *Base = T.getNonReferenceType().getTypePtr();
  while (Base->isPointerType() || Base->isArrayType())
    Base = Base->getPointeeOrArrayElementType();
  if (const auto *TD = Base->getAsTagDecl())
    return !TD->getDeclContext()->isFunctionOrMethod();
  return true;
}

void Lowerer::assignSlots() {
  // Parameter copies and captures keep their names (the frame's own members
  // are all agen_ names).
  llvm::StringSet<> Taken;
  for (const ParmVarDecl *P : M.Fn->parameters()) {
    if (!P->getDeclName().isEmpty())
      Taken.insert(P->getName());
    else // native mode copies it all the same; the signature gets this name
      Renamed[P] = "agen_param_" + std::to_string(P->getFunctionScopeIndex());
  }
  for (CaptureRef &C : M.Captures) {
    Taken.insert(C.Var->getName());
    if (!spellable(C.Var->getType()))
      C.Alias = "agen_type_" + C.Name;
  }
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
        if (!Op->isTypeDependent() && spellable(Op->getType())) {
          A = typeText(Op->getType());
          if (Op->isLValue())
            A += " &";
          else if (Op->isXValue())
            A += " &&";
        } else { // named through the operand, as it reads at class scope
          A = classScopeText(Op);
          if (A.empty())
            continue;
          A = "decltype((" + A + "))";
        }
        if (Op->isInstantiationDependent())
          if (const auto *T = temporaryPerInstantiation(Sp))
            error(T->getBeginLoc(),
                  "agen cannot lower this co_await yet: in an instantiation "
                  "of the template its operand makes a temporary of type '" +
                      typeText(T->getType()) +
                      "' that must live until the end of the full-expression; "
                      "pass an lvalue or a value instead");
        A += heldTypes(Sp, heldTemporaries(Sp));
        S.Name = Unique("agen_await_" + std::to_string(Sp.Id));
        S.Type = "agen::detail::awaiting<" + A + ">";
        S.Comment = "co_await " + where(Sp.E->getBeginLoc());
      } else if (M.Dependent && (Op->isTypeDependent() ||
                                 M.YieldValueType->isDependentType())) {
        Sp.YieldDecidedLater = true;
        // The instantiations this file has tell; without one, only a name
        // (or a member, a dereference, a std::move of one) is trusted.
        Sp.MayDenoteTemporary = instantiations().empty()
                                    ? mayDenoteTemporaryDependent(Op)
                                    : temporaryPerInstantiation(Sp) != nullptr;
        S.Name = Unique("agen_yield_" + std::to_string(Sp.Id));
        S.Type = "agen::detail::slot<" + typeText(M.YieldValueType) + ">";
        S.Comment = "co_yield " + where(Sp.E->getBeginLoc());
      } else {
        // Yielded in place where native mode's yield_value() binds the
        // operand directly; else a copy converted as native mode converts
        // it. A prvalue is materialized in the slot either way.
        std::vector<const MaterializeTemporaryExpr *> Held =
            heldTemporaries(Sp);
        bool Converts = yieldConverts(cast<CoyieldExpr>(Sp.E), Op, M.Yield);
        auto Nested = [&](const Stmt *X) {
          const auto *E = dyn_cast<Expr>(X);
          return E && E != Sp.E && M.suspension(E);
        };
        bool InPlace = !Converts && Op->isGLValue() &&
                       !mayDenoteTemporary(Op, Held, Nested);
        // Spelled as the yield type unless a prvalue of a derived class.
        if (!InPlace)
          Sp.YieldCopy = Converts || Op->isGLValue() ||
                                 Ctx.hasSameUnqualifiedType(Op->getType(),
                                                            M.YieldValueType)
                             ? M.YieldValueType
                             : Op->getType().getUnqualifiedType();
        std::string Types = heldTypes(Sp, Held);
        if (InPlace && Held.empty())
          continue; // no slot
        S.Name = Unique("agen_yield_" + std::to_string(Sp.Id));
        if (Held.empty())
          S.Type = "agen::detail::slot<" + typeText(Sp.YieldCopy) + ">";
        else if (InPlace)
          S.Type = "agen::detail::temporaries<" + Types.substr(2) + ">";
        else
          S.Type =
              "agen::detail::yielding<" + typeText(Sp.YieldCopy) + Types + ">";
        S.Comment = "co_yield " + where(Sp.E->getBeginLoc());
      }
      V->Slot = Sp.Slot = static_cast<int>(M.Slots.size());
      M.Slots.push_back(std::move(S));
      continue;
    }
    if (const CXXForRangeStmt *RF = V->RangeFor) {
      const LocalVar *Range = M.hoisted(
          RF->getRangeStmt()
              ? cast<VarDecl>(
                    cast<DeclStmt>(RF->getRangeStmt())->getSingleDecl())
              : nullptr);
      if (!Range) {
        error(RF->getBeginLoc(), "agen cannot lower this range-for");
        continue;
      }
      llvm::StringRef Which = V->RangeEnd ? "end" : "begin";
      S.Name = Unique(("agen_" + Which).str());
      S.Type = "agen::detail::slot<std::remove_cvref_t<decltype(agen::detail::"
               "range_" +
               Which.str() + "((*" + slotOf(*Range).Name + ")))>>";
      S.Comment = "range-for state, " + where(RF->getBeginLoc());
      V->Slot = static_cast<int>(M.Slots.size());
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
    if (madeByLambdaFactory(VD)) {
      // A closure type has no name: a member function of the frame's base
      // creates the object (the closure, or what is deduced from closures),
      // and names its type for the slot.
      S.LambdaFactory = "agen_make_" + S.Name;
      S.LambdaLevel = 1;
      struct Uses : RecursiveASTVisitor<Uses> {
        const GeneratorModel &M;
        unsigned Level = 1;
        explicit Uses(const GeneratorModel &M) : M(M) {}
        bool VisitDeclRefExpr(DeclRefExpr *E) {
          if (const LocalVar *U = M.hoisted(E->getDecl()); U && U->Slot >= 0)
            Level = std::max(Level, M.Slots[U->Slot].LambdaLevel + 1);
          return true;
        }
      } Used(M);
      Used.TraverseStmt(const_cast<Expr *>(VD.getInit()));
      S.LambdaLevel = Used.Level;
      S.Type = "agen::detail::slot<" +
               std::string(T.isConstQualified() ? "const " : "") +
               "decltype(std::declval<" + lambdasClass(S.LambdaLevel) +
               " &>()." + S.LambdaFactory + "())>";
    } else if (T->isDependentType() || T->isUndeducedType()) {
      if (!dependentSlot(*V, S))
        continue;
    } else if (!V->ExtendedTemporary.isNull()) {
      S.Type =
          "agen::detail::slot<" + valueTypeText(V->ExtendedTemporary) + ">";
    } else {
      S.Type = "agen::detail::slot<" + typeText(T) + ">";
    }
    // `alignas` on the declaration: the slot's storage comes first in it.
    if (VD.hasAttr<AlignedAttr>()) {
      if (!VD.getType()->isDependentType() &&
          llvm::none_of(
              VD.specific_attrs<AlignedAttr>(),
              [](const AlignedAttr *A) { return A->isAlignmentDependent(); }))
        S.Align = "alignas(" +
                  std::to_string(Ctx.getDeclAlign(&VD).getQuantity()) + ") ";
      else
        for (const AlignedAttr *A : VD.specific_attrs<AlignedAttr>())
          S.Align += text(A->getRange(), {}) + " ";
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

std::string Lowerer::classScopeInit(const LocalVar &V) {
  const VarDecl &VD = *V.Decl;
  for (const auto &[RF, Its] : M.RangeIterators)
    if (RF->getLoopVariable() == &VD)
      return "*(*" + slotOf(*Its.first).Name + ")";
  return classScopeText(VD.getInit());
}

std::string Lowerer::classScopeText(const Expr *Init) {
  std::vector<Edit> Edits;
  referenceEdits(Init, Edits);
  unsigned B = 0, E = 0;
  if (!offsets(Init->getSourceRange(), B, E))
    return {};
  // Suspensions become what their value's type is named by at class scope;
  // only the outermost ones (the others are inside their operands).
  unsigned CoveredTo = 0;
  for (const Suspension &Sp : M.Suspensions) {
    unsigned SB = 0, SE = 0;
    if (!offsets(Sp.E->getSourceRange(), SB, SE) || SB < B || SE > E)
      continue;
    llvm::erase_if(Edits,
                   [&](const Edit &X) { return X.Begin >= SB && X.End <= SE; });
    if (SB < CoveredTo)
      continue;
    CoveredTo = SE;
    std::string Value = !Sp.IsYield ? slotName(Sp) + ".resume()"
                        : M.SendType == "void"
                            ? std::string("void()")
                            : "std::declval<" + M.SendType + ">()";
    Edits.push_back({SB, SE, Value});
  }
  llvm::sort(Edits,
             [](const Edit &X, const Edit &Y) { return X.Begin < Y.Begin; });
  return text(B, E, std::move(Edits));
}

std::string Lowerer::deducedTemplateName(const VarDecl &VD) {
  QualType T = VD.getType();
  if (!VD.getInit() || VD.getInitStyle() == VarDecl::CInit ||
      T->isReferenceType() ||
      !isa_and_nonnull<DeducedTemplateSpecializationType>(
          T->getContainedDeducedType()))
    return {};
  TypeLoc TL = VD.getTypeSourceInfo()->getTypeLoc().getUnqualifiedLoc();
  return text(TL.getSourceRange(), {});
}

bool Lowerer::dependentSlot(const LocalVar &V, FrameSlot &S) {
  const VarDecl &VD = *V.Decl;
  QualType T = VD.getType();
  bool Auto = T->getContainedAutoType() != nullptr;
  bool CInit = VD.getInitStyle() == VarDecl::CInit || !VD.getInit() ||
               !deducedTemplateName(VD).empty();
  if (Auto && T->getContainedAutoType()->isDecltypeAuto()) {
    error(VD.getLocation(), "agen cannot lower a 'decltype(auto)' local of "
                            "dependent type alive across a suspension yet");
    return false;
  }
  if ((Auto || T->isReferenceType()) && !CInit) {
    error(VD.getLocation(),
          "agen cannot lower a braced or parenthesized initializer of a "
          "dependent 'auto' or reference local alive across a suspension "
          "yet; write '= initializer'");
    return false;
  }
  // Class template arguments deduced from a dependent initializer: the type
  // is the initializer's, with the template's name in front of a direct
  // initialization (`std::lock_guard g(m)`).
  std::string Ctad = deducedTemplateName(VD);
  if (!Ctad.empty() || isa_and_nonnull<DeducedTemplateSpecializationType>(
                           T->getContainedDeducedType()))
    Auto = true;
  std::string E;
  if (Auto || T->isReferenceType()) {
    std::string Init = classScopeInit(V);
    if (Init.empty())
      return false;
    E = "decltype((" + Ctad + Init + "))";
  }
  bool Const = T.getNonReferenceType().isConstQualified();
  if (!T->isReferenceType()) {
    S.Type =
        "agen::detail::slot<" +
        (Auto ? std::string(Const ? "const " : "") + "std::decay_t<" + E + ">"
              : typeText(T)) +
        ">";
    if (Auto)
      S.Deduce = FrameSlot::Deduced::AutoValue;
    return true;
  }
  std::string R;
  if (!Auto)
    R = typeText(T);
  else if (T->isRValueReferenceType())
    R = E + " &&"; // auto &&: collapses to what the initializer is
  else
    R = std::string(Const ? "const " : "") + "std::remove_reference_t<" + E +
        "> &";
  S.Type = "agen::detail::ref_slot<" + R + ", " + E + ">";
  S.Deduce = FrameSlot::Deduced::Reference;
  return true;
}

std::string Lowerer::initializerText(const VarDecl &VD,
                                     const std::vector<Edit> &Extra) {
  const Expr *Init = VD.getInit();
  std::vector<Edit> Edits = Extra;
  referenceEdits(Init, Edits);
  // For `T x(a)` and `T x{a}` the written initializer starts after the
  // declarator (`T x[2]{}`: after its bound).
  if (VD.getInitStyle() != VarDecl::CInit) {
    unsigned B = endOffsetOf(VD.getLocation());
    if (const TypeSourceInfo *TSI = VD.getTypeSourceInfo())
      if (TSI->getTypeLoc().getEndLoc().isValid())
        B = std::max(B, endOffsetOf(TSI->getTypeLoc().getEndLoc()));
    unsigned E = endOffsetOf(Init->getEndLoc());
    if (const auto *CE = dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit()))
      if (CE->getParenOrBraceRange().isValid())
        E = endOffsetOf(CE->getParenOrBraceRange().getEnd());
    return text(B, E, std::move(Edits));
  }
  return text(Init->getSourceRange(), std::move(Edits));
}

std::string Lowerer::constructText(const LocalVar &V, const std::string &Init) {
  const std::string &Name = slotOf(V).Name;
  // An agen::context_guard registered with the frame when it was
  // constructed; the registry need not call it while the lowered code does.
  auto Done = [&](const std::string &Call) {
    return V.ContextGuard || V.MaybeGuard
               ? "agen::detail::static_guard(" + Call + ");"
               : Call + ";";
  };
  if (V.RangeFor) // an iterator: Init is the begin or end call
    return Done(Name + ".construct_from([&] { return " + Init + "; })");
  if (!slotOf(V).LambdaFactory.empty())
    return Done(Name + ".construct_from([&] { return " +
                slotOf(V).LambdaFactory + "(); })");
  switch (slotOf(V).Deduce) {
  case FrameSlot::Deduced::Reference:
    return Done(Name + ".bind_or_hold([&]() -> decltype(auto) { return (" +
                Init + "); })");
  case FrameSlot::Deduced::AutoValue:
    return Done(Name + ".construct_from([&]() -> decltype(auto) { return (" +
                deducedTemplateName(*V.Decl) + Init + "); })");
  case FrameSlot::Deduced::No:
    break;
  }
  const VarDecl &VD = *V.Decl;
  if (VD.getType()->isReferenceType() && V.ExtendedTemporary.isNull())
    return Name + ".bind(" + Init + ");";
  QualType T =
      V.ExtendedTemporary.isNull() ? VD.getType() : V.ExtendedTemporary;
  std::string TypeName = valueTypeText(T.getUnqualifiedType());
  // A dependent range-for's loop variable has no initializer in the AST.
  bool Written =
      VD.getInit()
          ? !(isa<CXXConstructExpr>(VD.getInit()) &&
              cast<CXXConstructExpr>(VD.getInit())->getNumArgs() == 0 &&
              cast<CXXConstructExpr>(VD.getInit())
                  ->getParenOrBraceRange()
                  .isInvalid())
          : !Init.empty();
  if (!Written)
    return Done(Name + ".construct_default()");
  if (T->isArrayType() && V.ExtendedTemporary.isNull()) {
    // An array cannot be returned: an array new-expression builds it in place.
    llvm::StringRef Braced(Init);
    std::string List = Braced.starts_with("{") || Braced.starts_with("(")
                           ? Init
                           : "{" + Init + "}"; // `char s[] = "text"`
    // A new-type-id cannot hold a declarator with parentheses (an array of
    // function pointers); a parenthesized type-id cannot have a dependent
    // bound.
    std::string Type = typeText(T);
    if (llvm::StringRef(Type).contains('('))
      Type = "std::type_identity_t<" + Type + ">";
    return Done(Name +
                ".construct_array([&](void *agen_at) { ::new (agen_at) " +
                Type + List + "; })");
  }
  std::string Value =
      VD.getInitStyle() == VarDecl::CInit || !V.ExtendedTemporary.isNull()
          ? Init
          : TypeName + Init;
  return Done(Name + ".construct_from([&]() -> " + TypeName + " { return " +
              Value + "; })");
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
