export * from './profile';
export * from './profiles';
