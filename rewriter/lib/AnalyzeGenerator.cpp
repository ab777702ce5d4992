//===- AnalyzeGenerator.cpp - scopes, suspensions and what crosses them ---===//
//
// Takes one AGEN_GENERATOR function and produces its GeneratorModel: walks
// the body in evaluation order with a stack of scopes; at each co_await and
// co_yield every local declared so far in an enclosing scope is alive across
// it, so it is hoisted into the frame. Also records the try statements that
// contain suspensions, the guards alive at each suspension, and the jumps
// that leave scopes. Constructs the lowering cannot handle are reported here,
// with their location, so that emitters only ever see supported input.
//
//===----------------------------------------------------------------------===//
#include "GeneratorModel.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTLambda.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <functional>
#include <optional>

using namespace clang;

namespace agen::core {

void DiagnosticSink::add(LowerDiagnostic::Level L, SourceLocation Loc,
                         std::string Message) {
  LowerDiagnostic D;
  D.Severity = L;
  D.Message = std::move(Message);
  D.Loc = Loc;
  SourceLocation File = SM.getFileLoc(Loc);
  if (File.isValid() && SM.isInMainFile(File)) {
    D.InMainFile = true;
    D.MainFileOffset = SM.getFileOffset(File);
  }
  Diags.push_back(std::move(D));
  if (L == LowerDiagnostic::Level::Error)
    ++Errors;
}
void DiagnosticSink::error(SourceLocation Loc, std::string Message) {
  add(LowerDiagnostic::Level::Error, Loc, std::move(Message));
}
void DiagnosticSink::warning(SourceLocation Loc, std::string Message) {
  add(LowerDiagnostic::Level::Warning, Loc, std::move(Message));
}
void DiagnosticSink::note(SourceLocation Loc, std::string Message) {
  add(LowerDiagnostic::Level::Note, Loc, std::move(Message));
}

const Expr *yieldOperand(const CoyieldExpr &Y) {
  const Expr *E = Y.getOperand()->IgnoreImplicit();
  // In a template: `co_await __promise.yield_value(e)`, unresolved.
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_Coawait)
    E = UO->getSubExpr()->IgnoreImplicit();
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (Call->getNumArgs() == 1 &&
        (isa<CXXMemberCallExpr>(Call) ||
         isa<CXXDependentScopeMemberExpr>(Call->getCallee())))
      E = Call->getArg(0);
  // Strip what binding to yield_value's parameter added.
  for (;;) {
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (const auto *C = dyn_cast<ImplicitCastExpr>(E))
      E = C->getSubExpr();
    else
      return E;
  }
}

std::vector<const LocalVar *>
GeneratorModel::hoistedWithin(const Stmt *S) const {
  std::vector<const LocalVar *> Out;
  for (const auto &Sc : Scopes) {
    bool Inside = false;
    for (const Scope *P = Sc.get(); P && !Inside; P = P->Parent)
      Inside = P->Owner == S;
    if (Inside)
      for (const LocalVar *V : Sc->Vars)
        if (V->Hoisted)
          Out.push_back(V);
  }
  llvm::sort(Out, [](const LocalVar *A, const LocalVar *B) {
    return A->Order < B->Order;
  });
  return Out;
}

namespace {

// How a class derives from agen::context_guard: not at all, through one
// public non-virtual path (lowered code can call it statically), or through
// several, a private or a virtual one (only the registry calls it, as in
// native mode).
enum class GuardBase { None, Public, Hidden };
GuardBase contextGuardBase(QualType T);

// Whether a member \p Name of \p RD can be named from outside the class
// (public, found through public bases), as lowered code calls a guard's
// callbacks; nullopt if the class has no such member.
std::optional<bool> publicMember(const CXXRecordDecl *RD,
                                 llvm::StringRef Name) {
  if (!RD || !RD->hasDefinition())
    return std::nullopt;
  DeclContext::lookup_result Found =
      RD->lookup(&RD->getASTContext().Idents.get(Name));
  if (!Found.empty()) // hides the bases' members of that name
    return llvm::any_of(
        Found, [](const NamedDecl *D) { return D->getAccess() == AS_public; });
  for (const CXXBaseSpecifier &B : RD->bases())
    if (std::optional<bool> P =
            publicMember(B.getType()->getAsCXXRecordDecl(), Name))
      return *P && B.getAccessSpecifier() == AS_public;
  return std::nullopt;
}

// The temporary a reference declaration extends the life of, if any.
QualType extendedTemporary(const VarDecl &VD) {
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

// A temporary whose life \p VD extends through a member or an element of it
// (`const auto &x = make().first;`): the slot would hold the reference only.
bool extendsEnclosingTemporary(const VarDecl &VD) {
  if (!VD.getType()->isReferenceType() || !VD.getInit() ||
      !extendedTemporary(VD).isNull())
    return false;
  std::function<bool(const Stmt *)> Find = [&](const Stmt *S) {
    if (!S || isa<LambdaExpr>(S))
      return false;
    if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(S);
        MTE && MTE->getExtendingDecl() == &VD)
      return true;
    return llvm::any_of(S->children(), Find);
  };
  return Find(VD.getInit());
}

} // namespace

bool isGuardType(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return contextGuardBase(T) != GuardBase::None ||
         (publicMember(RD, "on_suspend").value_or(false) &&
          publicMember(RD, "on_resume").value_or(false));
}

bool madeByLambdaFactory(const VarDecl &VD) {
  QualType T = VD.getType();
  if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl(); RD && RD->isLambda())
    return VD.getInit() && isa<LambdaExpr>(VD.getInit()->IgnoreImplicit());
  return !T->isReferenceType() && !T->isDependentType() && VD.getInit() &&
         T->getContainedDeducedType() && !isa<DecompositionDecl>(VD) &&
         namesClosure(T);
}

bool namesClosure(QualType T) {
  T = T.getCanonicalType().getNonReferenceType();
  while (T->isPointerType() || T->isArrayType() || T->isMemberPointerType())
    T = T->isArrayType() ? QualType(T->getArrayElementTypeNoTypeQual(), 0)
                         : T->getPointeeType();
  if (const auto *FT = T->getAs<FunctionProtoType>())
    return namesClosure(FT->getReturnType()) ||
           llvm::any_of(FT->getParamTypes(), namesClosure);
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return false;
  if (RD->isLambda())
    return true;
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (!Spec)
    return false;
  std::function<bool(const TemplateArgument &)> Arg =
      [&](const TemplateArgument &A) {
        if (A.getKind() == TemplateArgument::Type)
          return namesClosure(A.getAsType());
        if (A.getKind() == TemplateArgument::Pack)
          return llvm::any_of(A.pack_elements(), Arg);
        return false;
      };
  return llvm::any_of(Spec->getTemplateArgs().asArray(), Arg);
}

// The discarded operand of ',' under \p S that makes a temporary with a
// destructor:
// native mode destroys it at the end of the full-expression, after the
// suspension; the lowered operand is evaluated in a function of its own, and
// only the temporaries it materializes are held to the end. Not inside a
// lambda or a nested suspension (which holds its own).
const Expr *discardedTemporary(const Stmt *S, bool Discarded = false) {
  if (!S || isa<LambdaExpr>(S) || isa<CoroutineSuspendExpr>(S))
    return nullptr;
  if (isa<MaterializeTemporaryExpr>(S))
    Discarded = false; // a materialized temporary is held
  if (Discarded && isa<CXXBindTemporaryExpr>(S))
    return cast<Expr>(S);
  if (const auto *BO = dyn_cast<BinaryOperator>(S);
      BO && BO->getOpcode() == BO_Comma)
    if (discardedTemporary(BO->getLHS(), true))
      return BO->getLHS();
  for (const Stmt *C : S->children()) {
    const auto *BO = dyn_cast<BinaryOperator>(S);
    if (BO && BO->getOpcode() == BO_Comma && C == BO->getLHS())
      continue;
    if (const Expr *T = discardedTemporary(C, Discarded))
      return T;
  }
  return nullptr;
}

namespace {

// agen::<Name>, the class itself.
bool isAgenClass(const CXXRecordDecl *RD, llvm::StringRef Name) {
  return RD && RD->getName() == Name && RD->getDeclContext()->isNamespace() &&
         cast<NamespaceDecl>(RD->getDeclContext())->getName() == "agen";
}

// A guard native mode calls through agen::context_guard's virtuals whose own
// callbacks are not public: lowered mode calls it through the base too.
bool callThroughGuardBase(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition() ||
      RD->forallBases([](const CXXRecordDecl *B) {
        return !isAgenClass(B, "context_guard");
      }))
    return false;
  return publicMember(RD, "on_suspend") == false ||
         publicMember(RD, "on_resume") == false;
}

// An agen::context_guard held inside an object of type \p T (as a base or a
// member, through arrays, unions and nested classes; not through pointers or
// references), if any. \p Seen stops the walk at types already visited.
const CXXRecordDecl *
heldContextGuard(QualType T, llvm::SmallPtrSetImpl<const Type *> &Seen) {
  const Type *Base = T->getBaseElementTypeUnsafe();
  if (!Seen.insert(Base).second)
    return nullptr;
  const CXXRecordDecl *RD = Base->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return nullptr;
  if (isAgenClass(RD, "context_guard"))
    return RD;
  for (const CXXBaseSpecifier &B : RD->bases())
    if (const CXXRecordDecl *G = heldContextGuard(B.getType(), Seen))
      return G;
  for (const FieldDecl *F : RD->fields())
    if (!F->getType()->isReferenceType())
      if (const CXXRecordDecl *G = heldContextGuard(F->getType(), Seen))
        return G;
  return nullptr;
}

GuardBase contextGuardBase(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return GuardBase::None;
  if (isAgenClass(RD, "context_guard"))
    return GuardBase::Public;
  unsigned Paths = 0;
  bool Hidden = false;
  std::function<void(const CXXRecordDecl *, bool)> Walk =
      [&](const CXXRecordDecl *C, bool Public) {
        for (const CXXBaseSpecifier &B : C->bases()) {
          const CXXRecordDecl *BD = B.getType()->getAsCXXRecordDecl();
          if (!BD || !BD->hasDefinition())
            continue;
          bool P = Public && B.getAccessSpecifier() == AS_public;
          if (isAgenClass(BD, "context_guard")) {
            ++Paths;
            Hidden |= !P || B.isVirtual();
          } else {
            Walk(BD, P);
          }
        }
      };
  Walk(RD, true);
  if (Paths == 0)
    return GuardBase::None;
  return Paths == 1 && !Hidden ? GuardBase::Public : GuardBase::Hidden;
}

// Holds an agen::context_guard as a member (or deeper): a type with
// callbacks of its own that does is not called statically, since native mode
// calls only the held guard (it registered), and so does the registry in
// lowered mode; the holder's callbacks may forward to it.
bool holdsContextGuard(QualType T) {
  llvm::SmallPtrSet<const Type *, 8> Seen;
  return heldContextGuard(T.getNonReferenceType(), Seen) != nullptr;
}

// A handler that could catch generator_exit: catch (...), a catch of
// agen::generator_exit itself (it has no base class), or of a dependent type
// (some instantiation may name it; the template is lowered once).
bool catchesGeneratorExit(const CXXCatchStmt &H) {
  QualType T = H.getCaughtType();
  if (T.isNull() || T->isDependentType())
    return true;
  return isAgenClass(T.getNonReferenceType()->getAsCXXRecordDecl(),
                     "generator_exit");
}

class Analyzer {
public:
  Analyzer(ASTContext &Ctx, GeneratorModel &M, DiagnosticSink &Diags)
      : SM(Ctx.getSourceManager()), M(M), Diags(Diags) {}

  void run(const CompoundStmt *Body) {
    for (const ParmVarDecl *P : M.Fn->parameters())
      checkName(*P);
    walkScoped(Body, Body);
    for (const auto &V : M.Vars)
      if (V->Hoisted && V->Decl)
        checkHoistable(*V);
  }

private:
  // ---- scopes ----
  Scope *push(const Stmt *Owner) {
    auto S = std::make_unique<Scope>();
    S->Owner = Owner;
    S->Parent = Current;
    S->Depth = Current ? Current->Depth + 1 : 0;
    Current = S.get();
    M.ScopeOf[Owner] = S.get();
    M.Scopes.push_back(std::move(S));
    return Current;
  }
  void pop() { Current = Current->Parent; }

  // A range-for over a dependent range: its AST has no begin/end yet.
  void declareIterators(const CXXForRangeStmt *RF) {
    LocalVar *Its[2];
    for (int I = 0; I < 2; ++I) {
      auto V = std::make_unique<LocalVar>();
      V->RangeFor = RF;
      V->RangeEnd = I == 1;
      V->Order = NextOrder++;
      Its[I] = V.get();
      Current->Vars.push_back(V.get());
      M.Vars.push_back(std::move(V));
    }
    M.RangeIterators[RF] = {Its[0], Its[1]};
  }

  void declare(const VarDecl *VD) {
    // Static, thread_local and block-scope extern declarations name objects
    // outside the frame.
    if (!VD->isLocalVarDecl() || !VD->hasLocalStorage() ||
        VD->getTLSKind() != VarDecl::TLS_None)
      return;
    checkName(*VD);
    auto V = std::make_unique<LocalVar>();
    V->Decl = VD;
    // A guard is an object the frame owns; a reference to one, or the hidden
    // range of a range-for, is not (native mode registers objects when they
    // are constructed).
    QualType T = VD->getType();
    V->ExtendedTemporary = extendedTemporary(*VD);
    // `for (x : {a, b})`: the slot keeps the list's array (a std::array in
    // lowered mode), so the range can live across a suspension.
    if (VD->isImplicit() && VD->getInit())
      if (const auto *IL = dyn_cast<CXXStdInitializerListExpr>(
              VD->getInit()->IgnoreImplicit()))
        V->ExtendedTemporary = IL->getSubExpr()->getType();
    bool Object = !VD->isImplicit() &&
                  (!T->isReferenceType() || !V->ExtendedTemporary.isNull());
    V->MaybeGuard = Object && (T->isDependentType() || T->isUndeducedType());
    QualType Owned = V->ExtendedTemporary.isNull() ? T : V->ExtendedTemporary;
    GuardBase Base = contextGuardBase(Owned);
    V->IsGuard = V->MaybeGuard ||
                 (Object && isGuardType(T) && Base != GuardBase::Hidden &&
                  !(Base == GuardBase::None && holdsContextGuard(Owned)));
    V->ContextGuard = V->IsGuard && Base == GuardBase::Public;
    V->GuardThroughBase = V->ContextGuard && callThroughGuardBase(Owned);
    V->Order = NextOrder++;
    M.VarOf[VD] = V.get();
    Current->Vars.push_back(V.get());
    M.Vars.push_back(std::move(V));
  }

  // ---- walking ----
  void walkScoped(const Stmt *S, const Stmt *Owner) {
    if (!S)
      return;
    push(Owner);
    if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
      Path.push_back(CS);
      for (const Stmt *Child : CS->body())
        walk(Child);
      Path.pop_back();
    } else {
      walk(S);
    }
    pop();
  }

  void walk(const Stmt *S) {
    if (!S)
      return;
    Path.push_back(S);
    dispatch(S);
    Path.pop_back();
  }

  void dispatch(const Stmt *S) {
    if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
      Path.pop_back(); // walkScoped pushes it again
      walkScoped(CS, CS);
      Path.push_back(S);
      return;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls()) {
        if (const auto *VD = dyn_cast<VarDecl>(D)) {
          if (const auto *DD = dyn_cast<DecompositionDecl>(VD)) {
            walk(DD->getInit());
            declare(VD);
            continue;
          }
          walk(VD->getInit());
          declare(VD);
        }
      }
      return;
    }
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      push(If);
      walk(If->getInit());
      declareCondition(If->getConditionVariableDeclStmt());
      walk(If->getCond());
      walkScoped(If->getThen(), If->getThen());
      walkScoped(If->getElse(), If->getElse());
      pop();
      // Resuming would jump into a discarded-or-not branch, which C++
      // forbids.
      if (If->isConstexpr() && M.suspends(If))
        unsupported(If->getBeginLoc(),
                    "a co_await or co_yield inside 'if constexpr' yet");
      return;
    }
    if (const auto *For = dyn_cast<ForStmt>(S)) {
      push(For);
      walk(For->getInit());
      declareCondition(For->getConditionVariableDeclStmt());
      Loops.push_back(For);
      walk(For->getCond());
      walkScoped(For->getBody(), For->getBody());
      walk(For->getInc());
      Loops.pop_back();
      pop();
      // A condition variable cannot stay in the head: resuming in the body
      // would jump past its initialization.
      if (M.suspends(For->getCond()) || M.suspends(For->getInc()) ||
          (For->getConditionVariable() && M.suspends(For)))
        M.ContinueToLabel.insert(For);
      return;
    }
    if (const auto *While = dyn_cast<WhileStmt>(S)) {
      push(While);
      declareCondition(While->getConditionVariableDeclStmt());
      Loops.push_back(While);
      walk(While->getCond());
      walkScoped(While->getBody(), While->getBody());
      Loops.pop_back();
      pop();
      return;
    }
    if (const auto *Do = dyn_cast<DoStmt>(S)) {
      push(Do); // where jumps out of the loop stop counting scopes
      Loops.push_back(Do);
      walkScoped(Do->getBody(), Do->getBody());
      walk(Do->getCond());
      Loops.pop_back();
      pop();
      if (M.suspends(Do->getCond()))
        M.ContinueToLabel.insert(Do);
      return;
    }
    if (const auto *RF = dyn_cast<CXXForRangeStmt>(S)) {
      push(RF);
      walk(RF->getInit());
      walk(RF->getRangeInit());
      for (const Stmt *Hidden :
           {RF->getRangeStmt(), RF->getBeginStmt(), RF->getEndStmt()})
        if (const auto *DS = dyn_cast_or_null<DeclStmt>(Hidden))
          for (const Decl *D : DS->decls())
            if (const auto *VD = dyn_cast<VarDecl>(D))
              declare(VD);
      if (!RF->getBeginStmt())
        declareIterators(RF);
      Loops.push_back(RF);
      push(RF->getBody() ? static_cast<const Stmt *>(RF->getLoopVarStmt())
                         : RF);
      declare(RF->getLoopVariable());
      walkScoped(RF->getBody(), RF->getBody());
      pop();
      Loops.pop_back();
      pop();
      if (M.suspends(RF->getRangeInit()) && !RF->getRangeStmt())
        unsupported(RF->getRangeInit()->getBeginLoc(),
                    "a co_await or co_yield in the range of a range-for over "
                    "a dependent range yet");
      return;
    }
    if (const auto *Sw = dyn_cast<SwitchStmt>(S)) {
      push(Sw);
      walk(Sw->getInit());
      declareCondition(Sw->getConditionVariableDeclStmt());
      walk(Sw->getCond());
      Switches.push_back(Sw);
      walkScoped(Sw->getBody(), Sw->getBody());
      Switches.pop_back();
      pop();
      return;
    }
    if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
      Tries.push_back(Try);
      walkScoped(Try->getTryBlock(), Try->getTryBlock());
      Tries.pop_back();
      for (unsigned I = 0; I < Try->getNumHandlers(); ++I) {
        const CXXCatchStmt *H = Try->getHandler(I);
        push(H);
        if (const VarDecl *E = H->getExceptionDecl())
          (void)E; // an exception object, never alive across a suspension
        walkScoped(H->getHandlerBlock(), H->getHandlerBlock());
        pop();
      }
      if (M.suspends(Try->getTryBlock())) {
        M.TryRegions.push_back(Try);
        M.EnclosingTry[Try] = Tries.empty() ? nullptr : Tries.back();
      }
      return;
    }
    if (isa<BreakStmt>(S) || isa<ContinueStmt>(S)) {
      recordJump(S);
      return;
    }
    if (isa<GotoStmt>(S) || isa<IndirectGotoStmt>(S)) {
      unsupported(S->getBeginLoc(), "'goto' in an annotated generator");
      return;
    }
    if (isa<StmtExpr>(S) && !Path.empty()) {
      walkChildren(S);
      if (M.suspends(S))
        unsupported(S->getBeginLoc(),
                    "a co_await or co_yield inside a statement expression");
      return;
    }
    if (const auto *A = dyn_cast<CoawaitExpr>(S)) {
      walk(A->getOperand());
      suspend(A, A->getOperand(), /*IsYield=*/false);
      return;
    }
    if (const auto *A = dyn_cast<DependentCoawaitExpr>(S)) {
      walk(A->getOperand());
      suspend(A, A->getOperand(), /*IsYield=*/false);
      return;
    }
    if (const auto *Y = dyn_cast<CoyieldExpr>(S)) {
      const Expr *Operand = yieldOperand(*Y);
      walk(Operand);
      suspend(Y, Operand, /*IsYield=*/true);
      return;
    }
    if (isa<CoreturnStmt>(S))
      return; // async_generator has no return value; lowered to `return {}`
    if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
      for (const LambdaCapture &C : LE->captures()) {
        if (C.capturesThis())
          M.UsesThis = true;
        // An init-capture's initializer runs here (`[self = this]`).
        const auto *VD = C.capturesVariable() && LE->isInitCapture(&C)
                             ? dyn_cast<VarDecl>(C.getCapturedVar())
                             : nullptr;
        if (VD && VD->getInit()) {
          walk(VD->getInit());
          if (M.suspends(VD->getInit()))
            unsupported(VD->getInit()->getBeginLoc(),
                        "a co_await or co_yield in a lambda's init-capture "
                        "yet");
        }
      }
      return; // its body is another function
    }
    if (isa<CXXThisExpr>(S))
      M.UsesThis = true;
    if (const auto *DM = dyn_cast<CXXDependentScopeMemberExpr>(S))
      M.UsesThis |= DM->isImplicitAccess();
    if (const auto *UM = dyn_cast<UnresolvedMemberExpr>(S))
      M.UsesThis |= UM->isImplicitAccess();
    if (const auto *ME = dyn_cast<MemberExpr>(S))
      if (const auto *This =
              dyn_cast<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
        if (This->isImplicit())
          M.UsesThis = true;
    // Names of non-locals the body uses: a frame member must not hide them.
    if (const auto *ULE = dyn_cast<UnresolvedLookupExpr>(S))
      if (ULE->getName().isIdentifier())
        M.NamesUsed.insert(ULE->getName().getAsIdentifierInfo()->getName());
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
      const ValueDecl *D = DRE->getDecl();
      const auto *VD = dyn_cast<VarDecl>(D);
      bool Local = VD && (M.VarOf.count(VD) || isa<ParmVarDecl>(VD));
      if (!Local && D->getDeclName().isIdentifier())
        M.NamesUsed.insert(D->getName());
    }
    walkChildren(S);
  }

  void walkChildren(const Stmt *S) {
    for (const Stmt *Child : S->children())
      walk(Child);
  }

  void declareCondition(const DeclStmt *DS) {
    if (!DS)
      return;
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D)) {
        walk(VD->getInit());
        declare(VD);
      }
  }

  void recordJump(const Stmt *S) {
    const Stmt *Target = nullptr;
    if (isa<ContinueStmt>(S)) {
      if (!Loops.empty())
        Target = Loops.back();
    } else {
      // The innermost loop or switch: whichever began last.
      const Stmt *L = Loops.empty() ? nullptr : Loops.back();
      const Stmt *W = Switches.empty() ? nullptr : Switches.back();
      if (L && W)
        Target =
            SM.isBeforeInTranslationUnit(L->getBeginLoc(), W->getBeginLoc())
                ? W
                : L;
      else
        Target = L ? L : W;
    }
    if (!Target)
      return;
    Jump J;
    J.Target = Target;
    // Scopes opened inside the target (the target's own scope, which holds
    // for-init or condition variables, is left by the loop itself).
    for (const Scope *Sc = Current; Sc && Sc->Owner != Target; Sc = Sc->Parent)
      J.Exited.push_back(Sc);
    M.Jumps[S] = std::move(J);
  }

  void suspend(const Expr *E, const Expr *Operand, bool IsYield) {
    for (const Stmt *P : Path)
      M.Suspending.insert(P);
    if (E->getBeginLoc().isMacroID()) {
      unsupported(E->getBeginLoc(),
                  std::string(IsYield ? "co_yield" : "co_await") +
                      " inside a macro expansion");
      return;
    }
    if (const Expr *T = discardedTemporary(Operand)) {
      unsupported(T->getBeginLoc(),
                  std::string("a temporary discarded in the operand of a ") +
                      (IsYield ? "co_yield" : "co_await") +
                      " (the left operand of ','): it would be destroyed "
                      "before the suspension instead of after it; evaluate "
                      "it in a statement of its own");
      return;
    }
    Suspension Sp;
    Sp.E = E;
    Sp.Id = static_cast<unsigned>(M.Suspensions.size()) + 1;
    Sp.IsYield = IsYield;
    Sp.Operand = Operand;
    Sp.Try = Tries.empty() ? nullptr : Tries.back();
    for (const CXXTryStmt *T : Tries)
      for (unsigned I = 0; I < T->getNumHandlers(); ++I)
        if (catchesGeneratorExit(*T->getHandler(I)))
          Sp.CloseIsCatchable = true;
    std::vector<const Scope *> Chain;
    for (const Scope *Sc = Current; Sc; Sc = Sc->Parent)
      Chain.push_back(Sc);
    for (auto It = Chain.rbegin(); It != Chain.rend(); ++It)
      for (LocalVar *V : (*It)->Vars) {
        V->Hoisted = true;
        if (V->IsGuard)
          Sp.Guards.push_back(V);
      }
    // Its awaiter or yielded value is a temporary of the enclosing scope.
    auto Temp = std::make_unique<LocalVar>();
    Temp->Hoisted = true;
    Temp->Order = Sp.Order = NextOrder++;
    Temp->Temp = static_cast<int>(M.Suspensions.size());
    Current->Vars.push_back(Temp.get());
    M.Vars.push_back(std::move(Temp));
    M.SuspensionIndex[E] = static_cast<unsigned>(M.Suspensions.size());
    M.Suspensions.push_back(std::move(Sp));
  }

  void checkHoistable(const LocalVar &V) {
    const VarDecl *VD = V.Decl;
    QualType T = VD->getType();
    if (T->isVariableArrayType()) {
      unsupported(VD->getLocation(),
                  "a variable-length array alive across a suspension");
      return;
    }
    if (extendsEnclosingTemporary(*VD)) {
      unsupported(VD->getLocation(),
                  VD->isImplicit()
                      ? std::string("a range-for over part of a temporary "
                                    "around a suspension yet (bind the whole "
                                    "temporary to a reference first)")
                      : "'" + VD->getNameAsString() +
                            "' alive across a suspension yet: it binds to "
                            "part of a temporary whose life it extends (bind "
                            "the whole temporary to a reference first)");
      return;
    }
    // Its slot's construction is written from the declaration's text, which
    // the macro's expansion does not give back.
    if (!VD->isImplicit() &&
        (VD->getBeginLoc().isMacroID() || VD->getLocation().isMacroID())) {
      unsupported(SM.getExpansionLoc(VD->getLocation()),
                  "'" + VD->getNameAsString() +
                      "' alive across a suspension: a macro expansion "
                      "declares it (write the declaration out)");
      return;
    }
    if (isa<DecompositionDecl>(VD) &&
        (T->isDependentType() || T->isUndeducedType())) {
      unsupported(VD->getLocation(), "a structured binding of dependent type "
                                     "alive across a suspension yet");
      return;
    }
    // The frame keeps the object and names a binding by calling get<I>() at
    // each use: right for a get<I>() that returns a reference, not for one
    // that returns a value (the binding is a temporary bound once).
    if (const auto *DD = dyn_cast<DecompositionDecl>(VD))
      for (const BindingDecl *B : DD->bindings())
        if (const VarDecl *Holding = B->getHoldingVar();
            Holding && !extendedTemporary(*Holding).isNull()) {
          unsupported(B->getLocation(),
                      "a structured binding alive across a suspension "
                      "whose get<I>() returns by value yet (bind the "
                      "object, then call get<I>() once into a local)");
          return;
        }
    if (const Expr *Init = VD->getInit();
        Init && isa<CXXStdInitializerListExpr>(Init->IgnoreImplicit()) &&
        !VD->isImplicit()) {
      // Its array is a temporary of the declaration; a slot cannot keep it.
      unsupported(VD->getLocation(),
                  "a std::initializer_list from a braced list alive across a "
                  "suspension yet (use std::array)");
      return;
    }
    if (isa<DecompositionDecl>(VD) && T->isArrayType()) {
      unsupported(VD->getLocation(),
                  "a structured binding that copies a C array alive across a "
                  "suspension yet (bind by reference: 'auto &[...]')");
      return;
    }
    if (const CXXRecordDecl *RD = T.getNonReferenceType()
                                      ->getBaseElementTypeUnsafe()
                                      ->getAsCXXRecordDecl()) {
      if (RD->isLambda() &&
          !(VD->getInit() &&
            isa<LambdaExpr>(VD->getInit()->IgnoreImplicit()))) {
        unsupported(VD->getLocation(),
                    "a local of lambda type alive across a suspension that "
                    "is not initialized by its lambda-expression");
        return;
      }
    }
    if (const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
        !(RD && RD->isLambda()) && namesClosure(T) &&
        !madeByLambdaFactory(*VD)) {
      unsupported(VD->getLocation(),
                  "'" + VD->getNameAsString() +
                      "' alive across a suspension yet: its type, written "
                      "out, has a closure type inside it, which the frame "
                      "cannot name (declare it with 'auto' or deduced "
                      "template arguments, or use a std::function)");
      return;
    }
    // Types declared in the body that the frame must name (a class, an enum,
    // an alias, or one they mention): their declarations move before the
    // frame.
    llvm::SmallPtrSet<const Type *, 8> Seen;
    for (QualType Named : {T, V.ExtendedTemporary})
      if (!Named.isNull() && !moveLocalTypes(Named, *VD, Seen))
        return;
  }

  /// Whether \p D is declared by a statement of the body itself (not of a
  /// nested scope, where its name may be reused).
  bool declaredInBody(const Decl *D) const {
    return llvm::any_of(M.Body->body(), [&](const Stmt *S) {
      const auto *DS = dyn_cast<DeclStmt>(S);
      return DS && llvm::is_contained(DS->decls(), D);
    });
  }

  /// Moves the types declared directly in the generator's body that \p T
  /// mentions in front of the frame; false (and an error) when one cannot
  /// move.
  bool moveLocalTypes(QualType T, const VarDecl &For,
                      llvm::SmallPtrSetImpl<const Type *> &Seen) {
    struct Collect : RecursiveASTVisitor<Collect> {
      const FunctionDecl *Fn;
      std::vector<const NamedDecl *> Found;
      bool Local(const Decl *D) const {
        return D && D->getParentFunctionOrMethod() == Fn;
      }
      bool VisitTypedefType(TypedefType *TT) {
        if (Local(TT->getDecl()))
          Found.push_back(TT->getDecl());
        return true;
      }
      bool VisitTagType(TagType *TT) {
        const TagDecl *D = TT->getDecl();
        if (Local(D) &&
            !(isa<CXXRecordDecl>(D) && cast<CXXRecordDecl>(D)->isLambda()))
          Found.push_back(D);
        return true;
      }
      bool VisitRecordType(RecordType *RT) { return VisitTagType(RT); }
      bool VisitEnumType(EnumType *ET) { return VisitTagType(ET); }
    } C;
    C.Fn = M.Fn;
    if (!Seen.insert(T.getTypePtr()).second)
      return true;
    C.TraverseType(T);
    for (const NamedDecl *D : C.Found) {
      if (llvm::is_contained(M.MovedTypes, D))
        continue;
      const NamedDecl *Def = D;
      if (const auto *Tag = dyn_cast<TagDecl>(D))
        Def = Tag->getDefinition();
      const auto *TD = dyn_cast_or_null<TypedefNameDecl>(Def);
      if (isa<TagDecl>(D) && !D->getIdentifier()) {
        unsupported(For.getLocation(),
                    "'" + For.getNameAsString() +
                        "' alive across a suspension: its type is an unnamed "
                        "class or enum declared in the generator's body, "
                        "which the frame cannot name; give the type a name");
        return false;
      }
      if (!Def || !declaredInBody(Def) || Def->isTemplated() ||
          (TD && TD->getUnderlyingType()->getAs<DecltypeType>())) {
        unsupported(For.getLocation(),
                    "'" + For.getNameAsString() +
                        "' alive across a suspension: its type names '" +
                        D->getNameAsString() +
                        "', declared in the generator's body where it cannot "
                        "move in front of the frame (in a nested scope, or "
                        "from a local's type); declare it outside the "
                        "function");
        return false;
      }
      // What the moved declaration itself names moves first.
      if (TD && !moveLocalTypes(TD->getUnderlyingType(), For, Seen))
        return false;
      if (const auto *RD = dyn_cast<CXXRecordDecl>(Def)) {
        for (const CXXBaseSpecifier &B : RD->bases())
          if (!moveLocalTypes(B.getType(), For, Seen))
            return false;
        for (const FieldDecl *F : RD->fields())
          if (!moveLocalTypes(F->getType(), For, Seen))
            return false;
      }
      if (!llvm::is_contained(M.MovedTypes, Def))
        M.MovedTypes.push_back(Def);
    }
    return true;
  }

  // The frame's own members and step()'s names all begin with agen_: a
  // local or parameter so named could hide one or be hidden by one.
  void checkName(const VarDecl &VD) {
    if (VD.getDeclName().isIdentifier() && VD.getName().starts_with("agen_"))
      unsupported(VD.getLocation(),
                  "a local or parameter named '" + VD.getName().str() +
                      "': names beginning with 'agen_' are reserved in "
                      "generator bodies (rename it)");
  }

  void unsupported(SourceLocation Loc, const std::string &What) {
    Diags.error(Loc, "agen cannot lower " + What);
  }

  const SourceManager &SM;
  GeneratorModel &M;
  DiagnosticSink &Diags;
  Scope *Current = nullptr;
  std::vector<const Stmt *> Path;
  std::vector<const Stmt *> Loops;
  std::vector<const Stmt *> Switches;
  std::vector<const CXXTryStmt *> Tries;
  unsigned NextOrder = 0;
};

} // namespace

// The type `this` has in \p Fn's body; for a lambda, the enclosing member
// function's (a [*this] copy is const unless the lambda is mutable).
static QualType thisType(const FunctionDecl &Fn) {
  const auto *MD = dyn_cast<CXXMethodDecl>(&Fn);
  if (!MD || !isLambdaCallOperator(MD))
    return MD && MD->isInstance() ? MD->getThisType() : QualType();
  bool ConstCopy = false;
  for (const LambdaCapture &C : MD->getParent()->captures())
    ConstCopy |=
        C.capturesThis() && C.getCaptureKind() == LCK_StarThis && MD->isConst();
  const DeclContext *DC = MD->getParent()->getDeclContext();
  while (DC && !isa<FunctionDecl>(DC))
    DC = DC->getParent();
  QualType T = DC ? thisType(*cast<FunctionDecl>(DC)) : QualType();
  if (T.isNull() || !ConstCopy)
    return T;
  ASTContext &Ctx = Fn.getASTContext();
  return Ctx.getPointerType(T->getPointeeType().withConst());
}

// A lambda generator's captures become reference members of its frame.
static void analyzeCaptures(ASTContext &Ctx, GeneratorModel &M,
                            DiagnosticSink &Diags) {
  const auto *Op = cast<CXXMethodDecl>(M.Fn);
  for (const LambdaCapture &C : Op->getParent()->captures()) {
    if (C.capturesVLAType()) {
      Diags.error(C.getLocation(), "agen cannot lower a lambda generator that "
                                   "captures a variable-length array");
      continue;
    }
    if (!C.capturesVariable())
      continue; // `this`: the frame's agen_self
    const ValueDecl *D = C.getCapturedVar();
    QualType T = D->getType();
    const auto *VD = dyn_cast<VarDecl>(D);
    bool ByCopy = VD && VD->isInitCapture() ? !T->isReferenceType()
                                            : C.getCaptureKind() == LCK_ByCopy;
    T = T.getNonReferenceType();
    if (ByCopy && Op->isConst())
      T.addConst();
    CaptureRef Ref;
    Ref.Var = D;
    Ref.Name = D->getName().str();
    Ref.Type = Ctx.getLValueReferenceType(T);
    M.Captures.push_back(std::move(Ref));
  }
}

GeneratorModel analyzeGenerator(ASTContext &Ctx, const FunctionDecl &Fn,
                                DiagnosticSink &Diags) {
  GeneratorModel M;
  M.Fn = &Fn;
  M.Dependent = Fn.isDependentContext();
  const Stmt *Body = Fn.getBody();
  if (const auto *CB = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    Body = CB->getBody();
  M.Body = dyn_cast_or_null<CompoundStmt>(Body);
  if (!M.Body) {
    Diags.error(Fn.getLocation(),
                "agen cannot lower a generator without a compound body");
    return M;
  }
  // A pack has no frame member to copy it into.
  for (const ParmVarDecl *P : Fn.parameters())
    if (P->isParameterPack()) {
      Diags.error(P->getLocation(), "agen cannot lower a generator with a "
                                    "function parameter pack yet");
      M.Body = nullptr;
      return M;
    }
  // A function-try-block: Sema wraps it in a compound statement that has no
  // braces in the source to rewrite.
  if (M.Body->getLBracLoc().isInvalid()) {
    Diags.error(Fn.getLocation(),
                "agen cannot lower a function-try-block generator yet (move "
                "the try block inside the function's braces)");
    M.Body = nullptr;
    return M;
  }
  if (isLambdaCallOperator(&Fn))
    analyzeCaptures(Ctx, M, Diags);
  M.ThisType = thisType(Fn);
  Analyzer A(Ctx, M, Diags);
  A.run(M.Body);
  return M;
}

} // namespace agen::core
