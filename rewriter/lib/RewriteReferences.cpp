//===- RewriteReferences.cpp - names that change meaning inside step() ----===//
//
// Takes a piece of the body and produces the edits that keep its meaning
// once it runs inside the frame's step(): a hoisted local `x` becomes `(*x)`
// (its slot), `this` becomes `agen_self`, lambda captures of hoisted locals,
// parameters and a lambda generator's captures become init-captures (so a
// by-copy capture still copies), and the statements that leave the body or
// its scopes (co_return, break, continue) become their lowered forms.
// Suspensions are replaced elsewhere.
//
//===----------------------------------------------------------------------===//
#include "Lowerer.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace agen::core {
namespace {

class ReferenceRewriter : public RecursiveASTVisitor<ReferenceRewriter> {
public:
  ReferenceRewriter(Lowerer &L, std::vector<Edit> &Out,
                    const llvm::DenseSet<const Stmt *> &Skip)
      : L(L), Out(Out), Skip(Skip) {}

  bool shouldVisitLambdaBody() const { return true; }

  bool TraverseStmt(Stmt *S) {
    if (!S)
      return true;
    if (Skip.contains(S))
      return true;
    if (isa<CoawaitExpr>(S) || isa<DependentCoawaitExpr>(S) ||
        isa<CoyieldExpr>(S))
      return true; // replaced whole by LowerFullExpressions
    return RecursiveASTVisitor::TraverseStmt(S);
  }

  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (LambdaDepth > 0 && capturedHere(DRE->getDecl()))
      return true; // now names the init-capture
    if (const LocalVar *V = L.M.hoisted(DRE->getDecl())) {
      std::string Value = constantValue(*DRE);
      replace(DRE->getSourceRange(),
              Value.empty() ? "(*" + L.slotOf(*V).Name + ")" : Value);
    }
    if (auto It = L.Renamed.find(DRE->getDecl()); It != L.Renamed.end())
      replace(DRE->getSourceRange(), It->second);
    if (const auto *B = dyn_cast<BindingDecl>(DRE->getDecl()))
      if (const LocalVar *V = L.M.hoisted(B->getDecomposedDecl()))
        replace(DRE->getSourceRange(), bindingText(*B, L.slotOf(*V).Name));
    // A namespace-scope name beginning with agen_ (the lowering's prefix)
    // must not find a frame member or step()'s parameter instead.
    const ValueDecl *D = DRE->getDecl();
    if (!DRE->hasQualifier() && D->getDeclName().isIdentifier() &&
        D->getName().starts_with("agen_") &&
        D->getDeclContext()->getRedeclContext()->isFileContext())
      replace(DRE->getLocation(), "::" + D->getQualifiedNameAsString());
    return true;
  }

  // A read of an integral or enum constant's value (`const int n = 4;`,
  // constexpr) that is not an odr-use: it may be a constant expression (an
  // array bound, a template argument, static_assert) or sit in a lambda
  // that does not capture it, where the slot cannot serve. The value is
  // written out. Empty when the use needs the object.
  std::string constantValue(const DeclRefExpr &DRE) {
    const auto *VD = dyn_cast<VarDecl>(DRE.getDecl());
    if (!VD || DRE.isNonOdrUse() != NOUR_Constant)
      return {};
    QualType T = VD->getType().getNonReferenceType().getUnqualifiedType();
    if (T->isDependentType() || !T->isIntegralOrEnumerationType())
      return {};
    const APValue *Value = VD->evaluateValue();
    if (!Value || !Value->isInt())
      return {};
    const llvm::APSInt &I = Value->getInt();
    if (I.isSigned() && I.isMinSignedValue())
      return {};
    std::string Digits = llvm::toString(I, 10);
    if (T->isBooleanType())
      Digits = I.isZero() ? "false" : "true";
    else if (I.isUnsigned())
      Digits += "u";
    // int, unsigned and bool literals have the constant's type already.
    if (!T->isSpecificBuiltinType(BuiltinType::Int) &&
        !T->isSpecificBuiltinType(BuiltinType::UInt) && !T->isBooleanType())
      Digits = "static_cast<" + L.typeText(T) + ">(" + Digits + ")";
    else if (I.isNegative())
      Digits = "(" + Digits + ")";
    return Digits + " /* " + VD->getNameAsString() + " */";
  }

  // decltype(x) is x's declared type, but a hoisted local's slot or a
  // capture's reference member is not; spell the type out instead.
  bool VisitDecltypeTypeLoc(DecltypeTypeLoc TL) {
    const auto *DRE = dyn_cast<DeclRefExpr>(TL.getUnderlyingExpr());
    if (!DRE || !isa<VarDecl>(DRE->getDecl()))
      return true;
    const auto *VD = cast<VarDecl>(DRE->getDecl());
    if (!L.M.hoisted(VD) && !L.M.capture(VD))
      return true;
    if (const CaptureRef *C = L.M.capture(VD); C && !C->Alias.empty())
      replace(TL.getLocalSourceRange(), C->Alias);
    else if (!spellable(VD->getType()))
      L.error(TL.getBeginLoc(),
              "agen cannot lower decltype of '" + VD->getNameAsString() +
                  "' here: its type has no name outside the function");
    else
      replace(TL.getLocalSourceRange(), L.typeText(VD->getType()));
    return true;
  }

  // A binding of a hoisted structured binding declaration, spelled through
  // the slot holding the decomposed object.
  static std::string bindingText(const BindingDecl &B,
                                 const std::string &Slot) {
    std::string Object = "(*" + Slot + ")";
    const auto *DD = cast<DecompositionDecl>(B.getDecomposedDecl());
    unsigned Index = 0;
    for (const BindingDecl *Other : DD->bindings()) {
      if (Other == &B)
        break;
      ++Index;
    }
    std::string I = std::to_string(Index);
    if (const VarDecl *Holder = B.getHoldingVar()) { // tuple-like
      const Expr *Get = Holder->getInit()->IgnoreImplicit();
      if (isa<CXXMemberCallExpr>(Get))
        return "(" + Object + ".template get<" + I + ">())";
      return "(get<" + I + ">(" + Object + "))";
    }
    const Expr *E = B.getBinding()->IgnoreImplicit();
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      return "(" + Object + "." + ME->getMemberDecl()->getNameAsString() + ")";
    return "(" + Object + "[" + I + "])"; // an array
  }

  bool VisitCXXThisExpr(CXXThisExpr *E) {
    if (E->isImplicit())
      insert(E->getBeginLoc(), "agen_self->");
    else
      replace(E->getSourceRange(), "agen_self");
    return true;
  }

  // In a template, `m` naming a member of a dependent base or an overload
  // set of member functions is not (yet) a MemberExpr on an implicit this.
  bool VisitCXXDependentScopeMemberExpr(CXXDependentScopeMemberExpr *E) {
    if (E->isImplicitAccess())
      insert(E->getBeginLoc(), "agen_self->");
    return true;
  }
  bool VisitUnresolvedMemberExpr(UnresolvedMemberExpr *E) {
    if (E->isImplicitAccess())
      insert(E->getBeginLoc(), "agen_self->");
    return true;
  }

  bool TraverseLambdaExpr(LambdaExpr *LE) {
    std::vector<const ValueDecl *> Captured;
    for (const LambdaCapture &C : LE->captures()) {
      if (C.capturesThis()) {
        if (C.isExplicit()) {
          if (C.getCaptureKind() == LCK_StarThis)
            L.error(C.getLocation(), "agen cannot lower a [*this] capture in "
                                     "a member generator");
          else
            replace(C.getLocation(), "agen_self = agen_self");
        }
        continue;
      }
      if (!C.capturesVariable())
        continue;
      const ValueDecl *D = C.getCapturedVar();
      const auto *VD = dyn_cast<VarDecl>(D);
      // Its initializer runs where the lambda is: names in it are the
      // frame's.
      if (LE->isInitCapture(&C)) {
        if (VD && VD->getInit())
          TraverseStmt(const_cast<Expr *>(VD->getInit()));
        continue;
      }
      // A lambda inside one that captured it already captures the outer
      // lambda's copy or reference, named as before.
      if (capturedHere(D))
        continue;
      const LocalVar *V = L.M.hoisted(D);
      const auto *B = dyn_cast<BindingDecl>(D);
      const LocalVar *Bound = B ? L.M.hoisted(B->getDecomposedDecl()) : nullptr;
      bool Param = VD && isa<ParmVarDecl>(VD) && VD->getDeclContext() == L.M.Fn;
      // A lambda generator's own capture is a frame member now: capturing
      // it implicitly would capture the frame instead.
      if (!V && !Bound && !Param && !L.M.capture(D))
        continue;
      std::string Name = D->getName().str();
      std::string Source = V       ? "(*" + L.slotOf(*V).Name + ")"
                           : Bound ? bindingText(*B, L.slotOf(*Bound).Name)
                                   : L.memberName(*D);
      std::string Init = Name + " = " + Source;
      if (C.isExplicit()) {
        replace(C.getLocation(), Init);
      } else {
        bool ByRef = C.getCaptureKind() == LCK_ByRef;
        insert(LE->getIntroducerRange().getEnd(),
               std::string(", ") + (ByRef ? "&" : "") + Init);
      }
      Captured.push_back(D);
    }
    Captures.push_back(std::move(Captured));
    ++LambdaDepth;
    bool R = TraverseStmt(LE->getBody());
    --LambdaDepth;
    Captures.pop_back();
    return R;
  }

  bool VisitCoreturnStmt(CoreturnStmt *S) {
    if (LambdaDepth > 0)
      return true; // a coroutine lambda's own co_return
    replace(L.fullRange(S), "return {}; /* co_return */");
    return true;
  }
  bool VisitBreakStmt(BreakStmt *S) { return jump(S); }
  bool VisitContinueStmt(ContinueStmt *S) { return jump(S); }

private:
  bool jump(Stmt *S) {
    std::string T = L.jumpText(S);
    if (!T.empty())
      replace(L.fullRange(S), T);
    return true;
  }

  bool capturedHere(const ValueDecl *D) const {
    for (const auto &Level : Captures)
      if (llvm::is_contained(Level, D))
        return true;
    return false;
  }

  void replace(SourceRange R, std::string Text) {
    unsigned B = 0, E = 0;
    if (L.offsets(R, B, E))
      Out.push_back({B, E, std::move(Text)});
  }
  void replace(SourceLocation Loc, std::string Text) {
    replace(SourceRange(Loc, Loc), std::move(Text));
  }
  void insert(SourceLocation Loc, std::string Text) {
    SourceLocation F = L.SM.getFileLoc(Loc);
    if (!L.SM.isInMainFile(F)) {
      L.error(Loc, "agen cannot lower code that a macro expansion mixes "
                   "with a hoisted local or 'this'");
      return;
    }
    unsigned O = L.SM.getFileOffset(F);
    Out.push_back({O, O, std::move(Text)});
  }

  Lowerer &L;
  std::vector<Edit> &Out;
  const llvm::DenseSet<const Stmt *> &Skip;
  std::vector<std::vector<const ValueDecl *>> Captures;
  unsigned LambdaDepth = 0;
};

} // namespace

void Lowerer::referenceEdits(const Stmt *S, std::vector<Edit> &Out,
                             const llvm::DenseSet<const Stmt *> &Skip) {
  if (!S)
    return;
  ReferenceRewriter R(*this, Out, Skip);
  R.TraverseStmt(const_cast<Stmt *>(S));
}

} // namespace agen::core
