// Pulumi runs an exported function and turns its result into the stack outputs.
import { runProgram } from './program';
export = () => runProgram();
