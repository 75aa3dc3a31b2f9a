/** What a command's command-line renderer may look at besides the result: the output flags and the input. */
export interface RenderFlags<Input = Readonly<Record<string, unknown>>> {
  json: boolean;
  values: Readonly<Record<string, string | boolean | undefined>>;
  input: Readonly<Input>;
}

/** How a command prints on the command line: its text, and its --json. */
export interface CliSurface<Input, Result> {
  render(result: Result, flags: RenderFlags<Input>): string;
}
