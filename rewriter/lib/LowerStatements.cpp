//===- LowerStatements.cpp - statements around suspensions ----------------===//
//
// Takes the statements of the body and produces step()'s text. A statement
// with no suspension and no hoisted declaration is copied as written (with
// RewriteReferences' edits). The others keep their structure where C++
// allows a goto into them (blocks, if, while, do, for, switch): the resume
// labels sit inside them, and scopes with hoisted locals reset them on the
// way out, after the ordinary locals of the scope have died. What C++ does
// not allow jumping into is rewritten: a declaration that stays alive
// becomes a construction into its slot; condition variables and for-init
// declarations move into an enclosing block; a range-for becomes the loop
// the standard defines it as, with its range and iterators in the frame; a
// while whose condition suspends becomes `for (;;)` with the test inside; a
// try block gets its own resume dispatcher (EmitFrame).
//
//===----------------------------------------------------------------------===//
#include "Lowerer.h"

#include "clang/AST/Attr.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace agen::core {

static bool declaresHoisted(const GeneratorModel &M, const Stmt *S) {
  const auto *DS = dyn_cast<DeclStmt>(S);
  if (!DS)
    return false;
  for (const Decl *D : DS->decls())
    if (M.hoisted(dyn_cast<ValueDecl>(D)))
      return true;
  return false;
}

void Lowerer::replaceWith(const Stmt *Child, std::string Text,
                          std::vector<Edit> &Edits) {
  unsigned B = 0, E = 0;
  if (Child && offsets(fullRange(Child), B, E))
    Edits.push_back({B, E, std::move(Text)});
}

std::string Lowerer::emit(const Stmt *S) {
  if (const auto *DS = dyn_cast<DeclStmt>(S);
      DS && llvm::all_of(DS->decls(), [&](const Decl *D) {
        return llvm::is_contained(M.MovedTypes, D);
      }))
    return "/* moved before the frame */"; // see EmitFrame
  if (!M.suspends(S) && !declaresHoisted(M, S)) {
    std::vector<Edit> Edits;
    referenceEdits(S, Edits);
    return text(fullRange(S), std::move(Edits));
  }
  if (const auto *CS = dyn_cast<CompoundStmt>(S))
    return emitCompound(CS, /*IsBody=*/false);
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    return emitDecl(DS);
  if (const auto *E = dyn_cast<Expr>(S))
    return emitExprStmt(E);
  if (const auto *If = dyn_cast<IfStmt>(S))
    return emitIf(If);
  if (const auto *W = dyn_cast<WhileStmt>(S))
    return emitWhile(W);
  if (const auto *F = dyn_cast<ForStmt>(S))
    return emitFor(F);
  if (const auto *RF = dyn_cast<CXXForRangeStmt>(S))
    return emitRangeFor(RF);
  if (const auto *T = dyn_cast<CXXTryStmt>(S))
    return emitTry(T);
  if (const auto *Do = dyn_cast<DoStmt>(S)) {
    if (M.ContinueToLabel.contains(Do))
      return emitSuspendingLoop(Do, nullptr, nullptr, Do->getCond(),
                                Do->getBody());
    std::vector<Edit> Edits;
    referenceEdits(Do->getCond(), Edits);
    replaceWith(Do->getBody(), emitLoopBody(Do, Do->getBody(), Do->getBody()),
                Edits);
    return withBreakLabel(Do, text(fullRange(Do), std::move(Edits)),
                          Do->getBody());
  }
  if (const auto *Sw = dyn_cast<SwitchStmt>(S))
    return emitSwitch(Sw);
  const Stmt *Sub = nullptr;
  if (const auto *C = dyn_cast<SwitchCase>(S))
    Sub = C->getSubStmt();
  else if (const auto *L = dyn_cast<LabelStmt>(S))
    Sub = L->getSubStmt();
  else if (const auto *A = dyn_cast<AttributedStmt>(S))
    Sub = A->getSubStmt();
  if (Sub) {
    std::vector<Edit> Edits;
    if (const auto *C = dyn_cast<CaseStmt>(S))
      referenceEdits(C->getLHS(), Edits);
    replaceWith(Sub, emit(Sub), Edits);
    return text(fullRange(S), std::move(Edits));
  }
  error(S->getBeginLoc(), std::string("agen cannot lower a '") +
                              S->getStmtClassName() +
                              "' that contains a suspension");
  return {};
}

static bool isFallthrough(const Stmt *S) {
  const auto *A = dyn_cast<AttributedStmt>(S);
  return A && llvm::any_of(A->getAttrs(), [](const Attr *At) {
           return isa<FallThroughAttr>(At);
         });
}

std::string Lowerer::emitCompound(const CompoundStmt *CS, bool IsBody,
                                  const std::string &Prefix) {
  std::string Resets =
      IsBody ? "" : resetText(M.hoistedIn(CS), /*IncludeTemps=*/false);
  // `[[fallthrough]];` must stay last, right before the next case label.
  const Stmt *Fallthrough =
      !Resets.empty() && !CS->body_empty() && isFallthrough(CS->body_back())
          ? CS->body_back()
          : nullptr;
  std::vector<Edit> Edits;
  for (const Stmt *Child : CS->body())
    replaceWith(Child, Child == Fallthrough ? "" : emit(Child), Edits);
  if (Fallthrough)
    Resets += "[[fallthrough]]; ";
  unsigned LBrace = offsetOf(CS->getLBracLoc());
  unsigned RBrace = offsetOf(CS->getRBracLoc());
  if (!Prefix.empty())
    Edits.push_back({LBrace + 1, LBrace + 1, Prefix});
  if (IsBody) {
    Edits.push_back({RBrace, RBrace, "return {};\n"});
    return text(LBrace, RBrace + 1, std::move(Edits));
  }
  if (Resets.empty())
    return text(LBrace, RBrace + 1, std::move(Edits));
  bool Ordinary = false;
  if (const Scope *Sc = M.ScopeOf.lookup(CS))
    for (const LocalVar *V : Sc->Vars)
      Ordinary |= !V->Hoisted && V->Temp < 0;
  if (!Ordinary) {
    Edits.push_back({RBrace, RBrace, "/* end of scope */ " + Resets});
    return text(LBrace, RBrace + 1, std::move(Edits));
  }
  // Ordinary locals of the scope die at the inner brace, before the hoisted.
  return "{" + text(LBrace, RBrace + 1, std::move(Edits)) +
         " /* end of scope */ " + Resets + "}";
}

std::string Lowerer::emitSubstatement(const Stmt *S, const std::string &Prefix,
                                      const std::string &Suffix) {
  if (!S)
    return {};
  if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
    std::string Body = emitCompound(CS, /*IsBody=*/false, Prefix);
    if (Suffix.empty())
      return Body;
    return "{" + Body + Suffix + "}";
  }
  std::string Out = emit(S);
  std::string Resets = resetText(M.hoistedIn(S), false);
  if (!M.suspends(S) && Prefix.empty() && Suffix.empty() && Resets.empty())
    return Out;
  return "{ " + Prefix + Out + " " + Suffix + Resets + "}";
}

std::string Lowerer::emitLoopBody(const Stmt *Loop, const Stmt *Body,
                                  const Stmt *InnerOwner,
                                  const std::string &Prefix) {
  if (!needsLabels(Loop, /*Continue=*/true))
    return emitSubstatement(Body, Prefix);
  std::string Resets = resetText(M.hoistedWithin(InnerOwner), false);
  return "{" + Prefix + emitSubstatement(Body) + "\nagen_continue_" +
         std::to_string(loopId(Loop)) + ":; " + Resets + "}";
}

std::string Lowerer::withBreakLabel(const Stmt *Loop, std::string Text,
                                    const Stmt *InnerOwner) {
  if (!needsLabels(Loop, /*Continue=*/false))
    return Text;
  return "{ " + Text + "\nagen_break_" + std::to_string(loopId(Loop)) + ":; " +
         resetText(M.hoistedWithin(InnerOwner), false) + "}";
}

std::string Lowerer::emitDecl(const DeclStmt *DS) {
  std::string Out;
  bool AllHoisted = true, AnyHoisted = false;
  for (const Decl *D : DS->decls()) {
    bool H = M.hoisted(dyn_cast<ValueDecl>(D)) != nullptr;
    AllHoisted &= H || !isa<VarDecl>(D);
    AnyHoisted |= H;
  }
  if (AnyHoisted && !AllHoisted) {
    error(DS->getBeginLoc(),
          "agen cannot lower a declaration of several variables where only "
          "some live across a suspension; declare them separately");
    return {};
  }
  if (!AnyHoisted) { // one ordinary variable whose initializer suspends
    SplitStatement Sp = splitSuspensions(DS);
    if (!Sp.Valid)
      return {};
    std::vector<Edit> Edits = Sp.Replacements;
    referenceEdits(DS, Edits);
    return Sp.Prologue + lineAt(DS->getBeginLoc()) +
           text(fullRange(DS), std::move(Edits)) + " " + Sp.Epilogue;
  }
  for (const Decl *D : DS->decls()) {
    const auto *VD = dyn_cast<VarDecl>(D);
    if (!VD)
      continue;
    const LocalVar *V = M.hoisted(VD);
    SplitStatement Sp;
    if (VD->getInit() && M.suspends(VD->getInit()))
      Sp = splitSuspensions(VD->getInit());
    if (!Sp.Valid)
      return {};
    std::string Init =
        VD->getInit() ? initializerText(*VD, Sp.Replacements) : std::string();
    Out += Sp.Prologue;
    if (!Sp.Prologue.empty())
      Out += lineAt(VD->getBeginLoc());
    Out += constructText(*V, Init) + " " + Sp.Epilogue;
  }
  return Out;
}

std::string Lowerer::emitExprStmt(const Expr *E) {
  SplitStatement Sp = splitSuspensions(E);
  if (!Sp.Valid)
    return {};
  const Expr *Bare = E->IgnoreImplicit();
  if (const Suspension *Whole = M.suspension(Bare)) {
    std::string Rest = Whole->IsYield ? "" : awaitValue(*Whole) + "; ";
    return Sp.Prologue + Rest + Sp.Epilogue;
  }
  std::vector<Edit> Edits = Sp.Replacements;
  referenceEdits(E, Edits);
  return Sp.Prologue + lineAt(E->getBeginLoc()) +
         text(fullRange(E), std::move(Edits)) + " " + Sp.Epilogue;
}

std::string Lowerer::condVarText(const VarDecl *VD,
                                 const std::vector<Edit> &Replacements) {
  if (const LocalVar *V = M.hoisted(VD))
    return constructText(*V, initializerText(*VD, Replacements));
  std::vector<Edit> Edits = Replacements;
  referenceEdits(VD->getInit(), Edits);
  unsigned B = offsetOf(VD->getBeginLoc());
  unsigned E = endOffsetOf(VD->getEndLoc());
  return text(B, E, std::move(Edits)) + ";";
}

// The value a condition tests, once its variable (if any) is declared.
static std::string conditionName(const GeneratorModel &M, const Lowerer &L,
                                 const VarDecl *VD) {
  if (const LocalVar *V = M.hoisted(VD))
    return "(*" + L.slotOf(*V).Name + ")";
  return VD->getName().str();
}

bool Lowerer::declareConditionVariable(const VarDecl *CV, std::string &Out,
                                       std::string &Test) {
  SplitStatement Sp;
  if (M.suspends(CV->getInit()))
    Sp = splitSuspensions(CV->getInit());
  if (!Sp.Valid)
    return false;
  Out += Sp.Prologue + condVarText(CV, Sp.Replacements) + " " + Sp.Epilogue;
  Test = conditionName(M, *this, CV);
  return true;
}

std::string Lowerer::emitIf(const IfStmt *If) {
  const VarDecl *CV = If->getConditionVariable();
  bool Simple = !If->getInit() && !M.suspends(If->getCond()) && !CV;
  if (Simple) {
    std::vector<Edit> Edits;
    referenceEdits(If->getCond(), Edits);
    replaceWith(If->getThen(), emitSubstatement(If->getThen()), Edits);
    if (If->getElse())
      replaceWith(If->getElse(), emitSubstatement(If->getElse()), Edits);
    return text(fullRange(If), std::move(Edits));
  }
  // { init; [suspensions;] condition; if (tested) then else; resets }
  std::string Out = "{ /* if, " + where(If->getBeginLoc()) + " */ ";
  if (If->getInit())
    Out += emit(If->getInit());
  std::string Test;
  if (CV) {
    if (!declareConditionVariable(CV, Out, Test))
      return {};
  } else {
    SplitStatement Sp = splitSuspensions(If->getCond());
    if (!Sp.Valid)
      return {};
    std::vector<Edit> Edits = Sp.Replacements;
    referenceEdits(If->getCond(), Edits);
    std::string Cond = text(If->getCond()->getSourceRange(), Edits);
    if (Sp.Epilogue.empty()) {
      Out += Sp.Prologue;
      Test = Cond;
    } else { // the awaiters die before a branch runs
      std::string Saved = "agen_cond_" + std::to_string(ExtraMembers.size());
      ExtraMembers.push_back("bool " + Saved + " = false;");
      Out += Sp.Prologue + Saved + " = static_cast<bool>(" + Cond + "); " +
             Sp.Epilogue;
      Test = Saved;
    }
  }
  Out += lineAt(If->getBeginLoc());
  Out += "if (" + Test + ") " + emitSubstatement(If->getThen());
  if (If->getElse())
    Out += " else " + emitSubstatement(If->getElse());
  return Out + " " + resetText(M.hoistedIn(If), false) + "}";
}

std::string Lowerer::emitSwitch(const SwitchStmt *Sw) {
  const VarDecl *CV = Sw->getConditionVariable();
  const Expr *Cond = Sw->getCond();
  if (!Sw->getInit() && !CV && !M.suspends(Cond)) {
    std::vector<Edit> Edits;
    referenceEdits(Cond, Edits);
    replaceWith(Sw->getBody(), emitSubstatement(Sw->getBody()), Edits);
    return withBreakLabel(Sw, text(fullRange(Sw), std::move(Edits)),
                          Sw->getBody());
  }
  // { init; [suspensions;] condition; switch (tested) body; resets }
  // The init-statement and the condition variable leave the head: resuming
  // inside the body must not jump past their initialization.
  std::string Out = "{ /* switch, " + where(Sw->getBeginLoc()) + " */ ";
  if (Sw->getInit())
    Out += emit(Sw->getInit());
  std::string Test;
  if (CV) {
    if (!declareConditionVariable(CV, Out, Test))
      return {};
  } else if (!M.suspends(Cond)) {
    std::vector<Edit> Edits;
    referenceEdits(Cond, Edits);
    Test = text(Cond->getSourceRange(), std::move(Edits));
  } else {
    // Saved in the frame (resuming inside the body jumps past the head), so
    // that the suspensions' temporaries die before a case runs.
    SplitStatement Sp = splitSuspensions(Cond);
    if (!Sp.Valid)
      return {};
    std::vector<Edit> Edits = Sp.Replacements;
    referenceEdits(Cond, Edits);
    std::string Type = typeText(Cond->getType());
    if (Cond->getType()->isDependentType()) {
      // The value as evaluated; the switch converts it, right after.
      std::string AtClassScope = classScopeText(Cond);
      if (AtClassScope.empty())
        return {};
      Type = "std::remove_cvref_t<decltype((" + AtClassScope + "))>";
    }
    Test = "agen_cond_" + std::to_string(ExtraMembers.size());
    ExtraMembers.push_back(Type + " " + Test + "{};");
    Out += Sp.Prologue + Test + " = " +
           text(Cond->getSourceRange(), std::move(Edits)) + "; " + Sp.Epilogue;
  }
  Out += lineAt(Sw->getBeginLoc());
  return Out +
         withBreakLabel(
             Sw, "switch (" + Test + ") " + emitSubstatement(Sw->getBody()),
             Sw->getBody()) +
         " " + resetText(M.hoistedIn(Sw), false) + "}";
}

std::string Lowerer::emitWhile(const WhileStmt *W) {
  const VarDecl *CV = W->getConditionVariable();
  // The condition of a condition variable only reads it: its initializer
  // may suspend.
  bool Simple = !M.suspends(W->getCond()) &&
                !(CV && (M.hoisted(CV) || M.suspends(CV->getInit())));
  if (Simple) {
    std::vector<Edit> Edits;
    referenceEdits(W->getCond(), Edits);
    replaceWith(W->getBody(), emitLoopBody(W, W->getBody(), W), Edits);
    return withBreakLabel(W, text(fullRange(W), std::move(Edits)), W);
  }
  // for (;;) { [suspensions;] condition; if (!tested) break; body }
  std::string Head = "/* while, " + where(W->getBeginLoc()) + " */ ";
  std::string Test;
  SplitStatement Sp = splitSuspensions(
      CV ? static_cast<const Stmt *>(CV->getInit()) : W->getCond());
  if (!Sp.Valid)
    return {};
  if (CV) {
    Head += Sp.Prologue + condVarText(CV, Sp.Replacements) + " " + Sp.Epilogue;
    Test = conditionName(M, *this, CV);
  } else {
    std::vector<Edit> Edits = Sp.Replacements;
    referenceEdits(W->getCond(), Edits);
    std::string Cond = text(W->getCond()->getSourceRange(), Edits);
    std::string Saved = "agen_cond_" + std::to_string(ExtraMembers.size());
    ExtraMembers.push_back("bool " + Saved + " = false;");
    Head += Sp.Prologue + Saved + " = static_cast<bool>(" + Cond + "); " +
            Sp.Epilogue;
    Test = Saved;
  }
  std::vector<const LocalVar *> Inner = M.hoistedWithin(W);
  Head += "if (!(" + Test + ")) break;" + lineAt(W->getBody()->getBeginLoc());
  std::string Body;
  if (needsLabels(W, /*Continue=*/true))
    Body = emitSubstatement(W->getBody()) + "\nagen_continue_" +
           std::to_string(loopId(W)) + ":; ";
  else
    Body = emitSubstatement(W->getBody());
  std::string Loop =
      "for (;;) {" + Head + Body + " " + resetText(Inner, false) + "}";
  if (needsLabels(W, /*Continue=*/false))
    Loop += "\nagen_break_" + std::to_string(loopId(W)) + ":;";
  return "{ " + Loop + " " + resetText(Inner, false) + "}";
}

std::string Lowerer::emitSuspendingLoop(const Stmt *Loop, const Stmt *Init,
                                        const Expr *TestFirst,
                                        const Expr *TestLast,
                                        const Stmt *Body) {
  // `x = cond'; if (!x) break;`, with cond's suspensions before it.
  auto Test = [&](const Expr *Cond) -> std::string {
    if (!Cond)
      return {};
    SplitStatement Sp = splitSuspensions(Cond);
    if (!Sp.Valid)
      return {};
    std::vector<Edit> Edits = Sp.Replacements;
    referenceEdits(Cond, Edits);
    std::string Saved = "agen_cond_" + std::to_string(ExtraMembers.size());
    ExtraMembers.push_back("bool " + Saved + " = false;");
    return lineAt(Cond->getBeginLoc()) + Sp.Prologue + Saved +
           " = static_cast<bool>(" + text(Cond->getSourceRange(), Edits) +
           "); " + Sp.Epilogue + "if (!" + Saved + ") break;";
  };
  const auto *F = dyn_cast<ForStmt>(Loop);
  std::string Inc;
  if (F && F->getInc()) {
    SplitStatement Sp = splitSuspensions(F->getInc());
    if (!Sp.Valid)
      return {};
    std::vector<Edit> Edits = Sp.Replacements;
    referenceEdits(F->getInc(), Edits);
    Inc = lineAt(F->getInc()->getBeginLoc()) + Sp.Prologue +
          text(F->getInc()->getSourceRange(), Edits) + "; " + Sp.Epilogue;
  }
  // A for's condition variable: declared each iteration, destroyed after the
  // increment ([stmt.for] is `while (T v = c) { body inc; }`).
  std::string First, Last;
  const VarDecl *CV = F ? F->getConditionVariable() : nullptr;
  if (!CV) {
    First = Test(TestFirst);
  } else {
    std::string Tested;
    First = lineAt(CV->getBeginLoc());
    if (!declareConditionVariable(CV, First, Tested))
      return {};
    First += "if (!(" + Tested + ")) break;";
    if (const LocalVar *V = M.hoisted(CV))
      Last = resetText({V}, false);
  }
  std::string Out = "{ /* " +
                    std::string(isa<DoStmt>(Loop) ? "do-while" : "for") + ", " +
                    where(Loop->getBeginLoc()) + " */ ";
  if (Init)
    Out += emit(Init);
  std::string Text = "for (;;) {" + First + lineAt(Body->getBeginLoc()) +
                     emitLoopBody(Loop, Body, Body) + Test(TestLast) + Inc +
                     Last + "}";
  return Out + withBreakLabel(Loop, Text, Body) + " " +
         resetText(M.hoistedIn(Loop), false) + "}";
}

std::string Lowerer::emitFor(const ForStmt *F) {
  if (M.ContinueToLabel.contains(F))
    return emitSuspendingLoop(F, F->getInit(), F->getCond(), nullptr,
                              F->getBody());
  const auto *InitDecl = dyn_cast_or_null<DeclStmt>(F->getInit());
  std::vector<Edit> Edits;
  referenceEdits(F->getCond(), Edits);
  referenceEdits(F->getInc(), Edits);
  replaceWith(F->getBody(), emitLoopBody(F, F->getBody(), F->getBody()), Edits);
  if (!InitDecl || !declaresHoisted(M, InitDecl)) {
    referenceEdits(F->getInit(), Edits);
    return withBreakLabel(F, text(fullRange(F), std::move(Edits)),
                          F->getBody());
  }
  // The for-init declaration moves into a block around the loop.
  unsigned B = 0, E = 0;
  if (!offsets(InitDecl->getSourceRange(), B, E))
    return {};
  Edits.push_back({B, E, ";"});
  std::string Loop =
      withBreakLabel(F, text(fullRange(F), std::move(Edits)), F->getBody());
  return "{ " + emitDecl(InitDecl) + lineAt(F->getBeginLoc()) + Loop + " " +
         resetText(M.hoistedIn(F), false) + "}";
}

std::string Lowerer::emitRangeFor(const CXXForRangeStmt *RF) {
  auto Hidden = [&](const Stmt *DS) -> const LocalVar * {
    const auto *D = cast<DeclStmt>(DS);
    return M.hoisted(cast<VarDecl>(D->getSingleDecl()));
  };
  const LocalVar *Range = Hidden(RF->getRangeStmt());
  // Over a dependent range the AST has no begin/end statements yet.
  auto Synth = M.RangeIterators.lookup(RF);
  const LocalVar *Begin =
      Synth.first ? Synth.first : Hidden(RF->getBeginStmt());
  const LocalVar *End = Synth.second ? Synth.second : Hidden(RF->getEndStmt());
  const LocalVar *Var = M.hoisted(RF->getLoopVariable());
  if (!Range || !Begin || !End || !Var) {
    error(RF->getBeginLoc(), "agen cannot lower this range-for");
    return {};
  }
  std::string R = "(*" + slotOf(*Range).Name + ")";
  std::string It = "(*" + slotOf(*Begin).Name + ")";
  std::string Last = "(*" + slotOf(*End).Name + ")";
  // begin/end as the standard looks them up: members, else ADL.
  auto Call = [&](const Stmt *DS, llvm::StringRef Fn) {
    if (!DS)
      return "agen::detail::range_" + Fn.str() + "(" + R + ")";
    const Expr *Init = cast<VarDecl>(cast<DeclStmt>(DS)->getSingleDecl())
                           ->getInit()
                           ->IgnoreImplicit();
    if (isa<CXXMemberCallExpr>(Init))
      return R + "." + Fn.str() + "()";
    if (isa<CallExpr>(Init))
      return Fn.str() + "(" + R + ")";
    return "std::" + Fn.str() + "(" + R + ")"; // an array
  };
  std::string Out =
      "{ /* for (... : ...), " + where(RF->getBeginLoc()) + " */ ";
  if (RF->getInit())
    Out += emit(RF->getInit());
  // A suspension in the range: its temporaries die once the range is bound.
  SplitStatement Sp;
  if (M.suspends(RF->getRangeInit()))
    Sp = splitSuspensions(RF->getRangeInit());
  if (!Sp.Valid)
    return {};
  std::vector<Edit> RangeEdits = Sp.Replacements;
  referenceEdits(RF->getRangeInit(), RangeEdits);
  Out += Sp.Prologue +
         constructText(*Range,
                       text(RF->getRangeInit()->getSourceRange(), RangeEdits)) +
         " " + Sp.Epilogue;
  Out += constructText(*Begin, Call(RF->getBeginStmt(), "begin")) + " ";
  Out += constructText(*End, Call(RF->getEndStmt(), "end")) + "\n";
  std::string VarInit = constructText(*Var, "*" + It) + " ";
  std::string Head = "for (; " + It + " != " + Last + "; ++" + It + ") ";
  // The loop variable dies at the end of each iteration: at the continue
  // label emitLoopBody adds, else at the end of the body. (Each statement is
  // emitted once: emitting adds frame members.)
  std::string Loop =
      needsLabels(RF, true)
          ? Head + emitLoopBody(RF, RF->getBody(), RF->getLoopVarStmt(),
                                VarInit + lineAt(RF->getBody()->getBeginLoc()))
          : Head + "{" + VarInit + lineAt(RF->getBody()->getBeginLoc()) +
                emitSubstatement(RF->getBody()) + " " +
                resetText({Var}, false) + "}";
  Out += withBreakLabel(RF, Loop, RF->getLoopVarStmt());
  // The range, its iterators and what the init-statement declared.
  return Out + " " + resetText(M.hoistedIn(RF), false) + "}";
}

std::string Lowerer::emitTry(const CXXTryStmt *T) {
  std::vector<Edit> Edits;
  replaceWith(
      T->getTryBlock(),
      emitCompound(T->getTryBlock(), /*IsBody=*/false, tryDispatcher(*T)),
      Edits);
  std::string Cleanup = handlerCleanup(*T);
  for (unsigned I = 0; I < T->getNumHandlers(); ++I) {
    const CompoundStmt *H =
        cast<CompoundStmt>(T->getHandler(I)->getHandlerBlock());
    referenceEdits(H, Edits);
    unsigned LBrace = offsetOf(H->getLBracLoc());
    if (!Cleanup.empty())
      Edits.push_back({LBrace + 1, LBrace + 1, Cleanup});
  }
  return "{ agen_try_" + std::to_string(tryId(T)) + ": " +
         text(fullRange(T), std::move(Edits)) + " }";
}

} // namespace agen::core
