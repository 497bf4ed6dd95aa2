// A multi-step quick input: one QuickInput at a time, "Step 3/7" in the title bar, a back
// button from the second step on, values validated as they are typed. The pattern of
// microsoft/vscode-extension-samples quickinput-sample (multiStepInput.ts): each step is a
// function that shows one input and returns the next step; Back and Escape travel as
// rejections that the loop turns into "previous step" and "stop".
//
// A probe sees every step as it is shown and every validation message as it changes, with
// the live QuickInput: the integration tests drive the real quick input through it.

import * as vscode from 'vscode';

class FlowAction {
  static readonly back = new FlowAction();
  static readonly cancel = new FlowAction();
}

export type Step = (input: MultiStepInput) => Promise<Step | void>;

export interface StepProbeEvent {
  readonly event: 'show' | 'validate' | 'accept-rejected';
  /** Stable step id: `kind`, `gpu`, `gpus`, `days`, `usd`, `price`, `flops`, `mfu`, `law`, `uniqueTokens`, `result`, `framework`. */
  readonly step: string;
  readonly title: string;
  readonly stepNumber: number | undefined;
  readonly totalSteps: number | undefined;
  /** Input boxes: the current text. */
  readonly value?: string;
  readonly validationMessage?: string;
  /** Quick picks: the item labels (separators included, as `--- label`) and the active one. */
  readonly items?: readonly string[];
  readonly active?: string;
  readonly input: vscode.QuickInput;
}

export type StepProbe = (e: StepProbeEvent) => void;

interface Common {
  readonly id: string;
  readonly title: string;
  readonly step?: number;
  readonly totalSteps?: number;
  readonly placeholder?: string;
}

export interface PickParams<T extends vscode.QuickPickItem> extends Common {
  readonly items: readonly T[];
  /** The item to preselect. Undefined is an explicit "none": callers pass the result of a `find`. */
  readonly activeItem?: T | undefined;
  /** Accepting an item for which this returns false keeps the pick open (information rows). */
  readonly accept?: (item: T) => boolean | Promise<boolean>;
  /** Filter on the description too (GPU names). */
  readonly matchOnDescription?: boolean;
}

export interface InputParams extends Common {
  readonly value: string;
  readonly prompt: string;
  /** A message that says what is wrong, or undefined when the text is fine. */
  readonly validate: (value: string) => string | undefined;
}

export class MultiStepInput {
  private current: vscode.QuickInput | undefined;
  private readonly history: Step[] = [];

  private constructor(private readonly probe: StepProbe | undefined) {}

  /** Runs the steps from `start`; resolves when a step returns nothing or the person presses Escape. */
  static async run(start: Step, probe?: StepProbe): Promise<void> {
    const flow = new MultiStepInput(probe);
    try {
      await flow.stepThrough(start);
    } finally {
      flow.current?.dispose();
    }
  }

  private async stepThrough(start: Step): Promise<void> {
    let step: Step | void = start;
    while (step) {
      this.history.push(step);
      if (this.current) {
        this.current.enabled = false;
        this.current.busy = true;
      }
      try {
        step = await step(this);
      } catch (e) {
        if (e === FlowAction.back) {
          this.history.pop();
          step = this.history.pop();
        } else if (e === FlowAction.cancel) {
          step = undefined;
        } else {
          throw e;
        }
      }
    }
  }

  private show(input: vscode.QuickInput, p: Common): void {
    input.title = p.title;
    input.step = p.step;
    input.totalSteps = p.totalSteps;
    input.ignoreFocusOut = true;
    if (this.current) this.current.dispose();
    this.current = input;
    this.current.show();
  }

  private report(e: Omit<StepProbeEvent, 'title' | 'stepNumber' | 'totalSteps'>, p: Common): void {
    try {
      this.probe?.({ ...e, title: p.title, stepNumber: p.step, totalSteps: p.totalSteps });
    } catch {
      // a probe never breaks the flow
    }
  }

  async showQuickPick<T extends vscode.QuickPickItem>(p: PickParams<T>): Promise<T> {
    const disposables: vscode.Disposable[] = [];
    try {
      return await new Promise<T>((resolve, reject) => {
        const input = vscode.window.createQuickPick<T>();
        input.placeholder = p.placeholder;
        input.matchOnDescription = p.matchOnDescription ?? false;
        input.items = p.items;
        if (p.activeItem) input.activeItems = [p.activeItem];
        input.buttons = this.history.length > 1 ? [vscode.QuickInputButtons.Back] : [];
        let accepting = false;
        disposables.push(
          input.onDidTriggerButton((b) => {
            if (b === vscode.QuickInputButtons.Back) reject(FlowAction.back);
          }),
          input.onDidAccept(async () => {
            const item = input.selectedItems[0] ?? input.activeItems[0];
            if (!item || accepting) return;
            accepting = true;
            try {
              if (p.accept && !(await p.accept(item))) {
                this.report({ event: 'accept-rejected', step: p.id, items: labels(input.items), active: item.label, input }, p);
                return;
              }
              resolve(item);
            } catch (e) {
              reject(e);
            } finally {
              accepting = false;
            }
          }),
          input.onDidHide(() => reject(FlowAction.cancel)),
        );
        this.show(input, p);
        const active = input.activeItems[0]?.label;
        this.report({ event: 'show', step: p.id, items: labels(input.items), ...(active !== undefined ? { active } : {}), input }, p);
      });
    } finally {
      for (const d of disposables) d.dispose();
    }
  }

  async showInputBox(p: InputParams): Promise<string> {
    const disposables: vscode.Disposable[] = [];
    try {
      return await new Promise<string>((resolve, reject) => {
        const input = vscode.window.createInputBox();
        input.value = p.value;
        input.prompt = p.prompt;
        input.placeholder = p.placeholder;
        input.buttons = this.history.length > 1 ? [vscode.QuickInputButtons.Back] : [];
        const check = (value: string) => {
          const message = p.validate(value);
          if (message !== input.validationMessage) {
            input.validationMessage = message;
            this.report({ event: 'validate', step: p.id, value, ...(message ? { validationMessage: message } : {}), input }, p);
          }
          return message;
        };
        disposables.push(
          input.onDidTriggerButton((b) => {
            if (b === vscode.QuickInputButtons.Back) reject(FlowAction.back);
          }),
          input.onDidChangeValue((value) => check(value)),
          input.onDidAccept(() => {
            const value = input.value;
            const message = check(value);
            if (message) {
              this.report({ event: 'accept-rejected', step: p.id, value, validationMessage: message, input }, p);
              return;
            }
            resolve(value);
          }),
          input.onDidHide(() => reject(FlowAction.cancel)),
        );
        this.show(input, p);
        const shown = p.validate(p.value);
        input.validationMessage = shown;
        this.report({ event: 'show', step: p.id, value: p.value, ...(shown ? { validationMessage: shown } : {}), input }, p);
      });
    } finally {
      for (const d of disposables) d.dispose();
    }
  }
}

function labels(items: readonly vscode.QuickPickItem[]): string[] {
  return items.map((i) => (i.kind === vscode.QuickPickItemKind.Separator ? `--- ${i.label}` : i.label));
}
