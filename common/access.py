def sees_everything(user) -> bool:
    """Staff see every clip and story, published or not, in every territory; nobody else does."""
    return user is not None and user.is_active and user.is_staff
