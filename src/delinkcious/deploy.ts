// The Delinkcious Pulumi program (`main` of Pulumi.yaml): shipshape's generic program, given this app.
import { shipshapeProgram } from 'shipshape/pulumi';
import { stack } from './app';

export = shipshapeProgram(stack);
