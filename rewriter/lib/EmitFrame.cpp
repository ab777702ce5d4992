//===- EmitFrame.cpp - the frame class and where step() resumes -----------===//
//
// Takes the lowered body and the frame slots and produces the replacement of
// the generator's body: a local class `agen_frame` (parameter copies, the
// resume point, one member per hoisted local or suspension temporary in
// construction order, unwind(), and step()), then the call that hands the
// arguments to the runtime's host coroutine. A local class has the access
// rights of the function it is in, so private members stay reachable.
//
// step() starts with a dispatcher: `switch (agen_resume_point)` jumping to
// the label after each suspension, after calling the guards' on_resume()
// outermost first. C++ forbids jumping into a try block, so a suspension in
// one is reached through the try statement's own dispatcher at the start of
// its block (the outer dispatcher jumps to a label just before the try).
//
//===----------------------------------------------------------------------===//
#include "Lowerer.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"

using namespace clang;

namespace agen::core {

Lowerer::Lowerer(ASTContext &Ctx, GeneratorModel &M, DiagnosticSink &Diags,
                 const LowerOptions &Opts)
    : Ctx(Ctx), SM(Ctx.getSourceManager()), M(M), Diags(Diags), Opts(Opts) {}

unsigned Lowerer::tryId(const CXXTryStmt *Try) const {
  auto It = llvm::find(M.TryRegions, Try);
  return static_cast<unsigned>(It - M.TryRegions.begin()) + 1;
}

// Try statements around \p S, innermost first.
static std::vector<const CXXTryStmt *> tryChain(const GeneratorModel &M,
                                                const Suspension &S) {
  std::vector<const CXXTryStmt *> Chain;
  for (const CXXTryStmt *T = S.Try; T; T = M.EnclosingTry.lookup(T))
    Chain.push_back(T);
  return Chain;
}

std::string Lowerer::tryDispatcher(const CXXTryStmt &Try) {
  std::string Cases;
  for (const Suspension &S : M.Suspensions) {
    std::vector<const CXXTryStmt *> Chain = tryChain(M, S);
    auto It = llvm::find(Chain, &Try);
    if (It == Chain.end())
      continue;
    std::string Id = std::to_string(S.Id);
    if (It == Chain.begin())
      Cases += " case " + Id + ": agen_resume_point = 0; goto agen_resume_" +
               Id + ";";
    else
      Cases += " case " + Id + ": goto agen_try_" +
               std::to_string(tryId(*(It - 1))) + ";";
  }
  return " switch (agen_resume_point) {" + Cases + " default: break; }";
}

// What makes the object of \p VD as a prvalue: its initializer, after the
// class template's name for a direct initialization that deduces its
// arguments (`guard g{a, b}`).
std::string Lowerer::factoryText(const VarDecl &VD) {
  return deducedTemplateName(VD) + initializerText(VD, {});
}

std::string lambdasClass(unsigned Level) {
  return Level <= 1 ? "agen_lambdas" : "agen_lambdas_" + std::to_string(Level);
}

static bool thisNeedsAlias(QualType This) {
  const CXXRecordDecl *RD = This->getPointeeType()->getAsCXXRecordDecl();
  return RD && (isa<ClassTemplatePartialSpecializationDecl>(RD) ||
                RD->getDeclContext()->isDependentContext());
}

std::string Lowerer::frameText(const std::string &StepBody) {
  // Closures need a base class whose member functions create them, so that
  // their types can be named (agen_state <- agen_lambdas <- agen_frame).
  bool Lambdas = llvm::any_of(
      M.Slots, [](const FrameSlot &S) { return !S.LambdaFactory.empty(); });
  std::string Origin = M.Fn->getNameAsString() + ", lowered by agen from " +
                       where(M.Fn->getLocation());
  std::string Types;
  for (const NamedDecl *D : M.MovedTypes) {
    std::vector<Edit> None;
    Types += "  " + text(D->getSourceRange(), None) + ";\n";
  }
  for (const CaptureRef &C : M.Captures)
    if (!C.Alias.empty())
      Types += "  using " + C.Alias + " = decltype(" + C.Name + ");\n";
  // `auto x` (an abbreviated template, a generic lambda) has no name to spell
  // its type by but the parameter's own, named outside the frame (clang
  // crashes on `decltype(x)` inside the local class of a capturing lambda).
  auto InventedAlias = [&](const ParmVarDecl &P) {
    return "agen_" + memberName(P) + "_type";
  };
  // `this` in a partial specialization, or in a class nested in a template,
  // has no spelling outside the class that names the template's arguments.
  bool SelfAlias = M.UsesThis && thisNeedsAlias(M.ThisType);
  if (SelfAlias)
    Types += "  using agen_self_type = decltype(this);\n";
  for (const ParmVarDecl *P : M.Fn->parameters())
    if (mentionsInventedParameter(P->getType()))
      Types += "  using " + InventedAlias(*P) + " = decltype(" +
               (P->getName().empty() ? memberName(*P) : P->getName().str()) +
               ");\n";
  std::string Out = "{\n" + Types + "  struct " +
                    std::string(Lambdas ? "agen_state" : "agen_frame") +
                    " { // " + Origin + "\n";
  std::string Args, CtorParams, CtorInits, CtorForward;
  auto Add = [&](const std::string &Arg, const std::string &Param,
                 const std::string &Init, const std::string &Forward) {
    Args += ", " + Arg;
    CtorParams += (CtorParams.empty() ? "" : ", ") + Param;
    CtorInits += (CtorInits.empty() ? "" : ", ") + Init;
    CtorForward += (CtorForward.empty() ? "" : ", ") + Forward;
  };
  if (M.UsesThis) {
    std::string Self = SelfAlias ? "agen_self_type agen_self"
                                 : declText(M.ThisType, "agen_self");
    Out += "    " + Self + ";\n";
    Add("this", Self, "agen_self(agen_self)", "agen_self");
  }
  for (const CaptureRef &C : M.Captures) {
    std::string N = memberName(*C.Var);
    std::string Decl =
        C.Alias.empty()
            ? declText(C.Type, N)
            : std::string(C.Type->getPointeeType().isConstQualified() ? "const "
                                                                      : "") +
                  "std::remove_reference_t<" + C.Alias + "> &" + N;
    Out += "    " + Decl + "; // captured\n";
    Add(C.Name, Decl, N + "(" + N + ")", N);
  }
  for (const ParmVarDecl *P : M.Fn->parameters()) {
    QualType T = P->getType();
    std::string N = memberName(*P);
    // Outside the frame: as declared (lowerMainFile names unnamed ones).
    std::string Arg = P->getName().empty() ? N : P->getName().str();
    bool Invented = mentionsInventedParameter(T);
    std::string Spelled = Invented ? InventedAlias(*P) : typeText(T);
    std::string Member = Invented ? Spelled + " " + N : declText(T, N);
    std::string ByRvalue =
        Invented
            ? "std::remove_reference_t<" + Spelled + "> &&" + N
            : declText(Ctx.getRValueReferenceType(T.getNonReferenceType()), N);
    Out += "    " + Member + ";\n";
    // A dependent `T &&` may be an lvalue reference once T is deduced.
    auto Move = [&](const std::string &Name) {
      return T->isRValueReferenceType() && T->isDependentType()
                 ? "static_cast<" + Spelled + ">(" + Name + ")"
                 : "std::move(" + Name + ")";
    };
    if (T->isLValueReferenceType())
      Add(Arg, Member, N + "(" + N + ")", N);
    else
      Add(Move(Arg), ByRvalue, N + "(" + Move(N) + ")", Move(N));
  }
  Out += "    int agen_resume_point = 0;\n";
  for (const FrameSlot &S : M.Slots)
    if (S.LambdaFactory.empty())
      Out +=
          "    " + S.Align + S.Type + " " + S.Name + "; // " + S.Comment + "\n";
  for (const std::string &X : ExtraMembers)
    Out += "    " + X + "\n";

  if (Lambdas) {
    Out += "    agen_state(" + CtorParams + ")" +
           (CtorInits.empty() ? "" : " : " + CtorInits) + " {}\n  };\n";
    // Per level: a class of factories over the slots below, then a class
    // holding the closures they make (the last one is agen_frame).
    unsigned Levels = 0;
    for (const FrameSlot &S : M.Slots)
      Levels = std::max(Levels, S.LambdaLevel);
    std::string Below = "agen_state";
    for (unsigned Level = 1; Level <= Levels; ++Level) {
      std::string Factories = lambdasClass(Level);
      std::string Closures = Level == Levels
                                 ? std::string("agen_frame")
                                 : "agen_closures_" + std::to_string(Level);
      auto Head = [&](const std::string &Name, const std::string &Base,
                      const std::string &Comment) {
        return "  struct " + Name + " : " + Base + " {" + Comment + "\n    " +
               Name + "(" + CtorParams + ") : " + Base + "(" + CtorForward +
               ") {}\n";
      };
      Out += Head(Factories, Below, "");
      for (const auto &V : M.Vars)
        if (V->Slot >= 0 && slotOf(*V).LambdaLevel == Level)
          Out += "    auto " + slotOf(*V).LambdaFactory + "() { return " +
                 factoryText(*V->Decl) + "; }\n";
      Out += "  };\n" +
             Head(Closures, Factories, Level == Levels ? " // " + Origin : "");
      for (const FrameSlot &S : M.Slots)
        if (S.LambdaLevel == Level)
          Out += "    " + S.Align + S.Type + " " + S.Name + "; // " +
                 S.Comment + "\n";
      if (Level != Levels)
        Out += "  };\n";
      Below = Closures;
    }
    Out +=
        "    ~agen_frame() { agen_unwind(); } // closures live in this class\n";
  }

  Out += "    void agen_unwind() noexcept {";
  for (auto It = M.Slots.rbegin(); It != M.Slots.rend(); ++It)
    Out += " " + It->Name + ".reset();";
  Out += " }\n";

  Out +=
      "    std::coroutine_handle<> agen_step(agen::detail::lowered_control<" +
      M.YieldType + ", " + M.SendType + "> &" +
      (M.Suspensions.empty() ? "" : "agen_cx") + ") {\n";
  if (!M.Suspensions.empty()) {
    Out += "      switch (agen_resume_point) {\n";
    for (const Suspension &S : M.Suspensions) {
      std::vector<const CXXTryStmt *> Chain = tryChain(M, S);
      std::string Target =
          Chain.empty() ? "agen_resume_" + std::to_string(S.Id)
                        : "agen_try_" + std::to_string(tryId(Chain.back()));
      Out += "      case " + std::to_string(S.Id) + ": " + resumeGuards(S) +
             "goto " + Target + ";\n";
    }
    Out += "      default: break;\n      }";
  }
  Out += lineAt(M.Body->getLBracLoc()) + StepBody + "\n    }\n  };\n";
  Out += "  return agen::detail::host<" + M.YieldType + ", " + M.SendType +
         ">(agen::detail::lowered<agen_frame>{}" + Args + ");\n}";
  return Out;
}

std::vector<Edit> Lowerer::signatureEdits() {
  std::vector<Edit> Out;
  for (const ParmVarDecl *P : M.Fn->parameters()) {
    if (!P->getName().empty())
      continue;
    TypeLoc TL = P->getTypeSourceInfo()->getTypeLoc();
    // The name goes after the type unless the declarator wraps around it,
    // as in `int (*)(int)` or `int[3]`.
    for (TypeLoc L = TL; !L.isNull();) {
      if (auto Q = L.getAs<QualifiedTypeLoc>())
        L = Q.getUnqualifiedLoc();
      else if (auto Ptr = L.getAs<PointerTypeLoc>())
        L = Ptr.getPointeeLoc();
      else if (auto Ref = L.getAs<ReferenceTypeLoc>())
        L = Ref.getPointeeLoc();
      else if (L.getAs<ParenTypeLoc>() || L.getAs<FunctionTypeLoc>() ||
               L.getAs<ArrayTypeLoc>() || L.getAs<MemberPointerTypeLoc>() ||
               L.getAs<PackExpansionTypeLoc>()) {
        error(P->getBeginLoc(), "agen cannot lower an unnamed parameter of "
                                "this form yet; give it a name");
        break;
      } else {
        break;
      }
    }
    unsigned B = 0, E = 0;
    if (!Failed && offsets(TL.getSourceRange(), B, E))
      Out.push_back({E, E, " " + memberName(*P)});
  }
  return Out;
}

std::string Lowerer::lowerBody() {
  // The yield and send types, from the declared return type (in a template,
  // possibly as written, with dependent arguments).
  QualType R = M.Fn->getReturnType();
  llvm::ArrayRef<TemplateArgument> TA;
  const TemplateDecl *Generator = nullptr;
  // The arguments as written (`std::string`) read better than the canonical
  // ones, unless the return type names an alias.
  const auto *TST = R->getAs<TemplateSpecializationType>();
  const TemplateDecl *Written =
      TST ? TST->getTemplateName().getAsTemplateDecl() : nullptr;
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      R->getAsCXXRecordDecl());
  if (TST && (!Spec || (Written && Written->getName() == "async_generator"))) {
    Generator = Written;
    TA = TST->template_arguments();
  } else if (Spec) {
    Generator = Spec->getSpecializedTemplate();
    TA = Spec->getTemplateArgs().asArray();
  }
  if (!Generator || Generator->getName() != "async_generator" || TA.empty() ||
      TA[0].getKind() != TemplateArgument::Type ||
      (TA.size() > 1 && TA[1].getKind() != TemplateArgument::Type)) {
    error(M.Fn->getLocation(), "agen cannot lower '" + M.Fn->getNameAsString() +
                                   "': it must return agen::async_generator");
    return {};
  }
  QualType Y = TA[0].getAsType();
  M.Yield = Y;
  M.YieldType = typeText(Y);
  M.YieldValueType = Y.getNonReferenceType().getUnqualifiedType();
  M.SendType = TA.size() > 1 ? typeText(TA[1].getAsType()) : "void";

  assignSlots();
  if (Failed)
    return {};
  std::string Body = emitCompound(M.Body, /*IsBody=*/true);
  if (Failed)
    return {};
  return frameText(Body);
}

} // namespace agen::core
